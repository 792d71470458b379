import { sql, type Kysely } from "kysely";

/**
 * The password of each plug role's login on a server, shared by every instance of the deployment:
 * one that chose its own at each start would lock out the plug sessions of the instances already
 * running. Only the app's role reads it; a plug's role has no rights on care_system.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table care_system.plug_logins (
    role text primary key,
    password text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
