/**
 * The SQL of one synthetic plug: a release 1.0.0 and ten releases after it, each adding a column
 * and an index (one of them a table). `install.sql` builds the newest schema directly; the
 * baseline plus the ten steps end at exactly the same schema (same column order), as `care check`
 * requires of a real plug.
 */
export const chainLength = 10;

/** The version after `steps` upgrade steps: 1.0.0, 1.1.0 … 1.10.0. */
export const versionAfter = (steps: number) => `1.${steps}.0`;

export const latestVersion = versionAfter(chainLength);

const itemsTable = (extraColumns: string[]) => `create table items (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  created_at timestamptz not null default now()${extraColumns.map((column) => `,\n  ${column}`).join("")}
);
create index items_patient on items (patient_id, created_at);
`;

const eventsTable = `create table events (
  id bigint generated always as identity primary key,
  item_id uuid not null references items (id) on delete cascade,
  kind text not null check (kind <> '')
);
`;

/** Step k (1-based) adds column field_k; the fifth also adds a table. */
const fieldColumn = (step: number) => `field_${step} text not null default ''`;
const fieldIndex = (step: number) => `create index items_field_${step} on items (field_${step});\n`;
const notesStep = 5;
const notesTable = `create table notes (
  id uuid primary key,
  item_id uuid not null references items (id) on delete cascade,
  body text not null
);
`;

export function baselineSql(): string {
  return `-- Release 1.0.0's install.sql, kept unchanged as the start of the upgrade chain.\n${itemsTable([])}${eventsTable}`;
}

export function upgradeStepSql(step: number): string {
  return `alter table items add column ${fieldColumn(step)};\n${fieldIndex(step)}${step === notesStep ? notesTable : ""}`;
}

/** The whole schema at the newest version, what a fresh install runs. */
export function installSql(steps = chainLength): string {
  const steps1toN = Array.from({ length: steps }, (_, index) => index + 1);
  return [
    "-- Runs as the plug's role with search_path plug_<id>: unqualified names are the plug's own.\n",
    itemsTable(steps1toN.map(fieldColumn)),
    eventsTable,
    ...steps1toN.map(fieldIndex),
    steps >= notesStep ? notesTable : "",
  ].join("");
}

/** `upgrade/<from>_<to>.sql` file names and their SQL, oldest first. */
export function upgradeSteps(): { file: string; sql: string }[] {
  return Array.from({ length: chainLength }, (_, index) => ({
    file: `${versionAfter(index)}_${versionAfter(index + 1)}.sql`,
    sql: upgradeStepSql(index + 1),
  }));
}
