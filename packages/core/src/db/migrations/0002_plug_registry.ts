import { sql, type Kysely } from "kysely";

/** Where the runtime records which plug is installed at which version, and every step it ran. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table care_system.plugs (
      id text primary key,
      package text not null,
      version text not null,
      installed_at timestamptz not null default now(),
      upgraded_at timestamptz
    )`.execute(db);
  await sql`
    create table care_system.plug_steps (
      id bigserial primary key,
      plug_id text not null references care_system.plugs (id),
      step text not null,
      from_version text,
      to_version text not null,
      checksum text not null,
      ran_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index plug_steps_plug on care_system.plug_steps (plug_id, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
