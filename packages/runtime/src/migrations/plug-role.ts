import { sql, type Transaction } from "kysely";

export const plugSchema = (id: string) => `plug_${id}`;

/**
 * The plug's role owns its schema and may only read and reference core tables: the database, not a
 * convention, refuses a plug's attempt to alter, write or drop them.
 */
export async function preparePlugRole(tx: Transaction<any>, id: string): Promise<void> {
  const role = sql.id(plugSchema(id));
  const roleName = sql.lit(plugSchema(id));
  // One statement, not six: every plug's install and upgrade runs this, and on PGlite each
  // statement costs about a millisecond and a half before it does anything.
  await sql`do $$ begin
      if not exists (select from pg_roles where rolname = ${roleName}) then
        -- Roles are shared by every database of a server; another database may be creating it right now.
        begin
          create role ${role} nologin;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      -- A role that is not a superuser must be a member to switch to the plug's role and use its tables.
      if not (select rolsuper from pg_roles where rolname = current_user) then
        grant ${role} to current_user;
      end if;
      create schema if not exists ${role} authorization ${role};
      grant usage on schema core to ${role};
      grant select, references on all tables in schema core to ${role};
    end $$`.execute(tx);
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

/** Prepares the plug's role and schema, then acts as that role, with unqualified names in its schema. */
export async function enterPlugRole(tx: Transaction<any>, id: string): Promise<void> {
  await preparePlugRole(tx, id);
  await sql`set local role ${sql.id(plugSchema(id))}`.execute(tx);
  await sql`set local search_path to ${sql.id(plugSchema(id))}, public`.execute(tx);
}

/** Back to the app's role and search path, for the next plug's part of the same transaction. */
export async function leavePlugRole(tx: Transaction<any>): Promise<void> {
  await sql`reset role`.execute(tx);
  await sql`set local search_path to default`.execute(tx);
}
