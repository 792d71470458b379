import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { CoreReads } from "./core-grants.js";
import { plugRoleBlock, plugRoleExpression } from "./plug-role-block.js";

/** The plug's schema, the same in every database: `plug_<id>`. */
export const plugSchema = (id: string) => `plug_${id}`;

/**
 * The plug's role name as an SQL expression: `plug_<id>_<first 8 hex digits of md5(current_database())>`.
 * Roles belong to the whole server; the suffix keeps each database's plug roles its own, so an app
 * role is a member of its own database's plug roles only. Literal only, no parameters: it fits inside
 * DO blocks, and anywhere else, e.g. `select set_config('role', ${plugRoleSql(id)}, true)`.
 */
export const plugRoleSql = (id: string): RawBuilder<string> => plugRoleExpression(id);

/** The plug's role name in the database `db` is connected to. */
export async function plugRoleName(db: Kysely<any>, id: string): Promise<string> {
  const { rows } = await sql<{ name: string }>`select ${plugRoleSql(id)} as name`.execute(db);
  return rows[0]!.name;
}

/**
 * The plug's role owns its schema, reads the core columns it declares (`reads`, within what
 * core-grants.ts allows) and references the core rows whose id it reads:
 * the database, not a convention, refuses a plug's attempt to read credentials, alter, write or drop
 * core tables. A schema an earlier version's shared role owns is taken over (plug-role-block.ts).
 */
export async function preparePlugRole(db: Kysely<any>, id: string, reads: CoreReads): Promise<void> {
  await plugRoleBlock(id, { enter: false, reads }).execute(db);
}

/** Core table names, to tell "tried to change a core table" from any other refusal. */
export async function coreTableNames(tx: Transaction<any>): Promise<Set<string>> {
  // The catalog, not information_schema.tables: the same names (tables, views, foreign tables) for
  // the app's role, which owns core; about 3 × faster on PGlite, and every plug migration reads them.
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'core' and c.relkind in ('r', 'p', 'v', 'f')`.execute(tx);
  return new Set(rows.map((row) => row.name));
}

/**
 * Prepares the plug's role and schema, then acts as that role until the transaction ends or
 * leavePlugRole, with unqualified names in its schema: one statement in all.
 */
export async function enterPlugRole(tx: Transaction<any>, id: string, reads: CoreReads): Promise<void> {
  await plugRoleBlock(id, { enter: true, reads }).execute(tx);
}

/** Back to the app's role and search path, for the next plug's part of the same transaction. */
export async function leavePlugRole(tx: Transaction<any>): Promise<void> {
  await sql`reset role`.execute(tx);
  await sql`set local search_path to default`.execute(tx);
}
