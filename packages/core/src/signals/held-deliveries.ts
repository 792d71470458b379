import { sql, type Kysely } from "kysely";
import type { CoreDatabase } from "../db/tables.js";

export interface HoldPlan {
  /** Subscribers this bundle runs: its switched-on plugs and the core's own durable subscribers. */
  running: readonly string[];
  /** Plugs plug.config.ts switches off: named as such in the journal's reason. */
  switchedOff: readonly string[];
}

export interface HoldOutcome {
  /** Deliveries set aside, by subscriber. */
  held: Record<string, number>;
  /** Deliveries given back to the dispatcher, by subscriber. */
  released: Record<string, number>;
}

/**
 * At start: deliveries waiting for a subscriber this bundle does not run (a switched-off plug, or
 * one no longer in the bundle) are `held`, so nothing tries them and they never fail for it; held
 * deliveries of a subscriber it runs become `pending`, due now with their tries counted afresh (the
 * plug was off, not failing). Failed ones stay failed: that outcome was reported already, and only
 * an operator's retry sends it again. Each kind is one statement that journals what it changed, so
 * two instances starting at once change (and journal) each row once.
 */
export async function holdAndReleaseDeliveries(db: Kysely<CoreDatabase>, plan: HoldPlan): Promise<HoldOutcome> {
  const running = [...plan.running];
  const switchedOff = [...plan.switchedOff];
  // A row being delivered by another instance is left to it; one whose lease ran out is waiting again.
  const held = await sql<{ subscriber: string; count: string }>`
    with chosen as (
      select id, status from care_system.outbox
       where (status = 'pending' or (status = 'processing' and lease_until < now()))
         and subscriber <> all(${running}::text[])
       for update
    ), changed as (
      update care_system.outbox o
         set status = 'held', lease_until = null
        from chosen
       where o.id = chosen.id
      returning o.id, o.subscriber, chosen.status as from_status
    ), journalled as (
      insert into care_system.delivery_actions (delivery_id, action, from_status, actor, reason)
      select id, 'hold', from_status, 'system',
             case when subscriber = any(${switchedOff}::text[])
                  then 'plug ' || subscriber || ' is switched off in plug.config.ts; delivered when it is switched on'
                  else subscriber || ' is not in this bundle''s plug.config.ts; delivered if it is added back' end
        from changed order by id
      returning delivery_id
    )
    select subscriber, count(*)::text as count from changed group by subscriber order by subscriber`.execute(db);
  const released = await sql<{ subscriber: string; count: string }>`
    with changed as (
      update care_system.outbox
         set status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = null
       where status = 'held' and subscriber = any(${running}::text[])
      returning id, subscriber
    ), journalled as (
      insert into care_system.delivery_actions (delivery_id, action, from_status, actor, reason)
      select id, 'release', 'held', 'system', subscriber || ' runs in this bundle again'
        from changed order by id
      returning delivery_id
    )
    select subscriber, count(*)::text as count from changed group by subscriber order by subscriber`.execute(db);
  const bySubscriber = (rows: { subscriber: string; count: string }[]) =>
    Object.fromEntries(rows.map((row) => [row.subscriber, Number(row.count)]));
  return { held: bySubscriber(held.rows), released: bySubscriber(released.rows) };
}
