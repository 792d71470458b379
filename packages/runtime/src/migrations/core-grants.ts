import { sql, type RawBuilder } from "kysely";

/**
 * Everything a plug's role may do to the core, by table: read these columns, and reference `id` from
 * its own tables' foreign keys. What is not here a plug cannot read: credentials (users.password_hash),
 * sessions, the system schema (registry, outbox) and other plugs' schemas. A core table added later
 * stays out of plugs' reach until it is added here.
 */
export const coreGrants: Readonly<Record<string, { select: readonly string[]; references?: readonly string[] }>> = {
  facilities: { select: ["id", "name", "kind", "address", "phone", "created_at", "updated_at"], references: ["id"] },
  patients: { select: ["id", "facility_id", "name", "birth_date", "sex", "phone", "address", "created_at", "updated_at"], references: ["id"] },
  patient_identifiers: { select: ["patient_id", "system", "value"] },
  encounters: {
    select: ["id", "patient_id", "facility_id", "kind", "status", "started_at", "ended_at", "attending_user_id", "notes", "created_at", "updated_at"],
    references: ["id"],
  },
  user_facilities: { select: ["user_id", "facility_id"] },
  users: { select: ["id", "username", "display_name", "roles", "active", "created_at", "updated_at"], references: ["id"] },
};

/**
 * The grants as the catalog lists them (`table.column:PRIVILEGE`, and `schema:USAGE`), sorted as
 * `collate "C"` sorts: a role whose privileges on the core equal this needs no grant statement.
 */
export const coreGrantFingerprint: readonly string[] = [
  "schema:USAGE",
  ...Object.entries(coreGrants).flatMap(([table, { select, references = [] }]) => [
    ...select.map((column) => `${table}.${column}:SELECT`),
    ...references.map((column) => `${table}.${column}:REFERENCES`),
  ]),
].sort();

/** PL/pgSQL statements granting the list to the role named by the variable `role_name`. */
export function coreGrantStatements(): RawBuilder<unknown> {
  const statements = Object.entries(coreGrants).flatMap(([table, { select, references }]) => [
    `grant select (${select.join(", ")}) on core.${table} to %1$I`,
    ...(references ? [`grant references (${references.join(", ")}) on core.${table} to %1$I`] : []),
  ]);
  return sql.join(
    statements.map((statement) => sql`execute format(${sql.lit(statement)}, role_name);`),
    sql`\n`,
  );
}
