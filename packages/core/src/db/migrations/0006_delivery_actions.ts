import { sql, type Kysely } from "kysely";

/**
 * Deliveries an operator acts on. A delivery can be `discarded` (given up on by a person, never
 * delivered nor retried, its row kept as evidence) or `held` (its plug is switched off: kept, not
 * tried). Every retry and discard is journalled in `care_system.delivery_actions`: who, why, when,
 * and the state the row was in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table care_system.outbox drop constraint outbox_status_check`.execute(db);
  await sql`alter table care_system.outbox add constraint outbox_status_check
    check (status in ('pending', 'processing', 'delivered', 'failed', 'held', 'discarded'))`.execute(db);
  // Operators list what waits or failed, per plug: a short scan whatever the delivered history holds.
  await sql`create index outbox_unsettled on care_system.outbox (subscriber, id) where status in ('failed', 'held')`.execute(db);
  await sql`
    create table care_system.delivery_actions (
      id bigserial primary key,
      delivery_id bigint not null references care_system.outbox (id) on delete cascade,
      action text not null check (action in ('retry', 'discard')),
      from_status text not null,
      actor text not null check (length(actor) > 0),
      reason text,
      at timestamptz not null default now(),
      check (action <> 'discard' or length(trim(reason)) > 0)
    )`.execute(db);
  await sql`create index delivery_actions_delivery on care_system.delivery_actions (delivery_id, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("core migrations are never reverted; restore from a backup instead");
}
