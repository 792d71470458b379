import { sql, type RawBuilder } from "kysely";

// Which core columns a plug may read is part of the plug contract (care.plug.coreReads).
import { grantableCoreColumns, type CoreReads } from "@care/plug-api";
export { coreReadsProblems, grantableCoreColumns, type CoreReads } from "@care/plug-api";

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
  return (
    `a plug reads only the core columns its package.json declares in care.plug.coreReads (core.${table} offers ${grantable.join(", ")}; ` +
    `declaring "id" also lets its tables reference core.${table} rows), and never changes core tables`
  );
}
