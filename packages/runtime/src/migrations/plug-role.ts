import { sql, type Transaction } from "kysely";

export const plugSchema = (id: string) => `plug_${id}`;

/**
 * The plug's role owns its schema and may only read and reference core tables: the database, not a
 * convention, refuses a plug's attempt to alter, write or drop them.
 */
export async function preparePlugRole(tx: Transaction<any>, id: string): Promise<void> {
  const role = sql.id(plugSchema(id));
  const roleName = sql.lit(plugSchema(id));
  // Roles are shared by every database of a server; another database may be creating it right now.
  await sql`do $$ begin
      if not exists (select from pg_roles where rolname = ${roleName}) then
        create role ${role} nologin;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$`.execute(tx);
  const { rows } = await sql<{ super: boolean }>`select rolsuper as super from pg_roles where rolname = current_user`.execute(tx);
  // A role that is not a superuser must be a member to switch to the plug's role and use its tables.
  if (!rows[0]?.super) await sql`grant ${role} to current_user`.execute(tx);
  await sql`create schema if not exists ${role} authorization ${role}`.execute(tx);
  await sql`grant usage on schema core to ${role}`.execute(tx);
  await sql`grant select, references on all tables in schema core to ${role}`.execute(tx);
}

/** Core table names, to tell "tried to change a core table" from any other refusal. */
export async function coreTableNames(tx: Transaction<any>): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'core'`.execute(tx);
  return new Set(rows.map((row) => row.name));
}

/** Prepares the plug's role and schema, then acts as that role, with unqualified names in its schema. */
export async function enterPlugRole(tx: Transaction<any>, id: string): Promise<void> {
  await preparePlugRole(tx, id);
  await sql`set local role ${sql.id(plugSchema(id))}`.execute(tx);
  await sql`set local search_path to ${sql.id(plugSchema(id))}, public`.execute(tx);
}
