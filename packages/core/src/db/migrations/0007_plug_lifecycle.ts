import { sql, type Kysely } from "kysely";

/**
 * A plug's life after install: switched off in plug.config.ts (its durable deliveries are held, then
 * released when it is switched on again) or gone from it (detached: schema, data and held deliveries
 * stay, and the registry keeps its last version so adding it back resumes from there). Holding and
 * releasing are journalled like an operator's retry and discard, by the system.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table care_system.plugs add column detached_at timestamptz`.execute(db);
  await sql`alter table care_system.delivery_actions drop constraint delivery_actions_action_check`.execute(db);
  await sql`alter table care_system.delivery_actions add constraint delivery_actions_action_check
    check (action in ('retry', 'discard', 'hold', 'release'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
