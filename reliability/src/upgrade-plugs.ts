import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Two plugs, A and B, at version 1.0.0 (install.sql only) and 2.0.0 (two upgrade steps each, and an
 * install.sql that describes the same schema the steps build). Each has a route to write its rows and
 * one to read them, so a test can tell that a bundle serves and that its data is there.
 */
export interface UpgradePlugIds {
  a: string;
  b: string;
}

/** A plug's step, as `<id>:<from>_<to>`. */
export type StepRef = `${"a" | "b"}:${string}`;

export const upgradeSteps: StepRef[] = ["a:1.0.0_1.1.0", "a:1.1.0_2.0.0", "b:1.0.0_1.1.0", "b:1.1.0_2.0.0"];

const install = {
  a: {
    "1.0.0": `create table items (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  label text not null
);
`,
    "2.0.0": `create table items (
  id uuid primary key,
  patient_id uuid not null references core.patients (id),
  label text not null,
  note text
);
create table tags (
  id serial primary key,
  item_id uuid not null references items (id),
  tag text not null
);
`,
  },
  b: {
    "1.0.0": `create table readings (
  id uuid primary key,
  value numeric not null
);
`,
    "2.0.0": `create table readings (
  id uuid primary key,
  amount numeric not null,
  unit text not null default 'mmol/l'
);
create index readings_amount on readings (amount);
`,
  },
};

const steps: Record<StepRef, string> = {
  "a:1.0.0_1.1.0": `alter table items add column note text;
update items set note = 'upgraded';
`,
  "a:1.1.0_2.0.0": `create table tags (
  id serial primary key,
  item_id uuid not null references items (id),
  tag text not null
);
insert into tags (item_id, tag) select id, 'v2' from items;
`,
  "b:1.0.0_1.1.0": `alter table readings add column unit text not null default 'mmol/l';
create index readings_value on readings (value);
`,
  "b:1.1.0_2.0.0": `alter table readings rename column value to amount;
alter index readings_value rename to readings_amount;
`,
};

/** How a step is made to fail: appended to it, after the statements that change things. */
export interface Fault {
  step: StepRef;
  kind: string;
  sql: string;
}

export const faults: Fault[] = [
  { step: "a:1.0.0_1.1.0", kind: "division by zero", sql: "select 1 / (count(*) - count(*)) from items;" },
  { step: "a:1.1.0_2.0.0", kind: "not-null violation", sql: "insert into tags (item_id, tag) values (null, 'broken');" },
  {
    step: "b:1.0.0_1.1.0",
    kind: "writes a core table (refused by the migration check)",
    sql: "update core.patients set name = 'taken over';",
  },
  { step: "b:1.1.0_2.0.0", kind: "syntax error", sql: "alter tabel readings add column broken int;" },
  { step: "b:1.1.0_2.0.0", kind: "division by zero in the last step of the last plug", sql: "select 1 / 0;" },
];

/**
 * Writes plug folders for `version` under `dir` (with `fault` applied to its step) and returns the
 * JavaScript source of the deployment's plugs array (typed routes of one `plugTypes()`, `upgrading`).
 */
export async function upgradePlugs(dir: string, ids: UpgradePlugIds, version: "1.0.0" | "2.0.0", fault?: Fault): Promise<string> {
  const entries: string[] = [];
  for (const plug of ["a", "b"] as const) {
    const migrations = join(dir, plug, "migrations");
    await mkdir(join(migrations, "upgrade"), { recursive: true });
    await writeFile(join(migrations, "install.sql"), install[plug][version]);
    if (version === "2.0.0") {
      for (const step of upgradeSteps.filter((ref) => ref.startsWith(`${plug}:`))) {
        const name = step.slice(2);
        const sql = steps[step] + (fault?.step === step ? `${fault.sql}\n` : "");
        await writeFile(join(migrations, "upgrade", `${name}.sql`), sql);
      }
    }
    const table = plug === "a" ? "items" : "readings";
    const insert =
      plug === "a"
        ? `{ id: crypto.randomUUID(), patient_id: body.patientId, label: body.label }`
        : `{ id: crypto.randomUUID(), ${version === "1.0.0" ? "value" : "amount"}: body.value }`;
    const input = plug === "a" ? "z.object({ patientId: z.uuid(), label: z.string() })" : "z.object({ value: z.number() })";
    const coreReads = plug === "a" ? `, coreReads: { patients: ["id"] }` : "";
    entries.push(`{ plug: definePlug({
  package: {
    name: "@care-reliability/upgrade-${plug}",
    version: ${JSON.stringify(version)},
    care: { plug: { id: ${JSON.stringify(ids[plug])}, core: "*", contract: "^1.0.0", dependencies: {}${coreReads} } },
  },
  migrations: ${JSON.stringify(migrations)},
  routes: [
    upgrading.route.get("/${table}",
      { summary: "Every row, by id", responses: { 200: z.object({ items: z.array(z.looseObject({ id: z.string() })) }) } },
      async (_input, context) => ({ items: await context.db.selectFrom("${table}").selectAll().orderBy("id").execute() })),
    upgrading.route.post("/${table}", { summary: "Writes one row", body: ${input}, responses: { 201: z.object({ id: z.string() }) } },
      async ({ body }, context) => context.db.insertInto("${table}").values(${insert}).returning("id").executeTakeFirstOrThrow()),
  ],
}) }`);
  }
  return `(() => { const upgrading = plugTypes(); return [${entries.join(",\n")}]; })()`;
}
