import type { CareDatabase } from "@care/core";
import { sql } from "kysely";

/**
 * Everything a refused migration could have changed: the shape and rows of core, care_system (plug
 * registry, steps, outbox) and every plug's schema, the functions in them, settings stored for the
 * database or the app's role, and the app's own session (role, search_path).
 */
export async function migrationSnapshot(database: CareDatabase): Promise<unknown> {
  const db = database.db;
  const inScope = sql`(n.nspname in ('core', 'care_system', 'public') or n.nspname like 'plug\\_%')`;
  const tables = await sql<{ schema: string; name: string }>`select n.nspname as schema, c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'v', 'm') and ${inScope} order by 1, 2`.execute(db);
  const columns = await sql`select table_schema, table_name, column_name, data_type from information_schema.columns
      where table_schema in ('core', 'care_system', 'public') or table_schema like 'plug\\_%' order by 1, 2, 3`.execute(db);
  const functions = await sql`select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) as args from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace where ${inScope} order by 1, 2, 3`.execute(db);
  const schemas = await sql`select nspname from pg_namespace n where ${inScope} order by 1`.execute(db);
  const stored = await sql`select setrole::regrole::text as role, setconfig from pg_db_role_setting
      where setdatabase = (select oid from pg_database where datname = current_database())
         or (setdatabase = 0 and setrole = (select oid from pg_roles where rolname = current_user)) order by 1`.execute(db);
  const session =
    await sql`select current_user, session_user, current_setting('role') as role, current_setting('search_path') as search_path`.execute(
      db,
    );
  const rows: Record<string, unknown> = {};
  for (const { schema, name } of tables.rows) {
    rows[`${schema}.${name}`] = (await sql`select * from ${sql.table(`${schema}.${name}`)} order by 1`.execute(db)).rows;
  }
  return {
    tables: tables.rows,
    columns: columns.rows,
    functions: functions.rows,
    schemas: schemas.rows,
    stored: stored.rows,
    session: session.rows,
    rows,
  };
}
