import { sql, type RawBuilder } from "kysely";

/**
 * The core columns a plug may declare it reads (`care.plug.coreReads` in its package.json), by
 * table. What is not here no plug can read: credentials (users.password_hash), sessions, the system
 * schema (registry, outbox) and other plugs' schemas. A core table added later stays out of plugs'
 * reach until it is added here.
 */
export const grantableCoreColumns: Readonly<Record<string, readonly string[]>> = {
  facilities: ["id", "name", "kind", "address", "phone", "created_at", "updated_at"],
  patients: ["id", "facility_id", "name", "birth_date", "sex", "phone", "address", "created_at", "updated_at"],
  patient_identifiers: ["patient_id", "system", "value"],
  encounters: ["id", "patient_id", "facility_id", "kind", "status", "started_at", "ended_at", "attending_user_id", "notes", "created_at", "updated_at"],
  user_facilities: ["user_id", "facility_id"],
  users: ["id", "username", "display_name", "roles", "active", "created_at", "updated_at"],
};

/** What one plug declared it reads of the core: columns by core table. Nothing by default. */
export type CoreReads = Readonly<Record<string, readonly string[]>>;

/**
 * A plug's grants as the catalog lists them (`table.column:PRIVILEGE`, and `schema:USAGE`), sorted
 * as `collate "C"` sorts: a role whose privileges on the core equal this needs no grant statement.
 * Declaring a table's `id` also grants REFERENCES on it, for the plug's foreign keys to core rows.
 */
export function coreGrantFingerprint(reads: CoreReads): string[] {
  return [
    "schema:USAGE",
    ...Object.entries(reads).flatMap(([table, columns]) => [
      ...columns.map((column) => `${table}.${column}:SELECT`),
      ...(columns.includes("id") ? [`${table}.id:REFERENCES`] : []),
    ]),
  ].sort();
}

/** PL/pgSQL statements granting `reads` to the role named by the variable `role_name`. */
export function coreGrantStatements(reads: CoreReads): RawBuilder<unknown> {
  const statements = Object.entries(reads).flatMap(([table, columns]) => [
    `grant select (${columns.join(", ")}) on core.${table} to %1$I`,
    ...(columns.includes("id") ? [`grant references (id) on core.${table} to %1$I`] : []),
  ]);
  return sql.join(
    statements.map((statement) => sql`execute format(${sql.lit(statement)}, role_name);`),
    sql`\n`,
  );
}

/**
 * The problems of a `coreReads` declaration, each saying what to write instead: a table outside the
 * list, a column that may not be granted (a credential, say), or an empty list of columns.
 */
export function coreReadsProblems(reads: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(reads)) {
    const grantable = grantableCoreColumns[table];
    if (!grantable) {
      problems.push(`core table "${table}" is not one a plug may read; it may read ${Object.keys(grantableCoreColumns).join(", ")}`);
      continue;
    }
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((column) => typeof column === "string")) {
      problems.push(`"${table}" lists the columns the plug reads, e.g. ["id"]; it may read ${grantable.join(", ")}`);
      continue;
    }
    const refused = columns.filter((column) => !grantable.includes(column));
    if (refused.length > 0) {
      problems.push(`core.${table} has no column ${refused.map((column) => `"${column}"`).join(", ")} that a plug may read; it may read ${grantable.join(", ")}`);
    }
    const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
    if (repeated.length > 0) problems.push(`"${table}" lists ${[...new Set(repeated)].join(", ")} more than once`);
  }
  return problems;
}

/** The table a permission error names ("permission denied for table patients"), if any. */
export function refusedTableOf(message: string): string | undefined {
  return /(?:permission denied for (?:table|relation)|must be owner of (?:table|relation)) "?(\w+)"?/.exec(message)?.[1];
}

/**
 * What to tell the author of a plug that the database refused core table `table`: reading it must
 * be declared, and changing it never will be. Undefined for a table no plug may read.
 */
export function coreTableRefusalHint(table: string): string | undefined {
  const grantable = grantableCoreColumns[table];
  if (!grantable) return undefined;
  return `a plug reads only the core columns its package.json declares in care.plug.coreReads (core.${table} offers ${grantable.join(", ")}; declaring "id" also lets its tables reference core.${table} rows), and never changes core tables`;
}
