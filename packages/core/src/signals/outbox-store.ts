import { sql, type Kysely, type RawBuilder } from "kysely";
import type { CoreDatabase } from "../db/tables.js";
import type { OutboxRow, Settlement } from "./outbox-row.js";

export interface ClaimRequest {
  subscriber: string;
  /** Free delivery slots of this subscriber: the most rows to claim for it. */
  rows: number;
}

/**
 * The dispatcher's statements on `care_system.outbox`. Each is one short statement (no transaction
 * spans a handler: PGlite has one connection). A row is "held" by the claim whose (id, attempts)
 * it still carries while processing: only that claim may renew or settle it, so a stale instance
 * never overwrites a newer claim.
 */
export class OutboxStore {
  constructor(
    private readonly db: Kysely<CoreDatabase>,
    private readonly leaseMs: number,
  ) {}

  /** The database's clock, as text so no microsecond is lost on the way back. */
  async now(): Promise<string> {
    const { rows } = await sql<{ now: string }>`select now()::text as now`.execute(this.db);
    return rows[0]!.now;
  }

  /**
   * Claims, in outbox order, up to `rows` due rows for each subscriber, skipping rows another
   * instance is claiming and the rows this one `held`. Due means pending and past its retry time, or processing with a lease run
   * out; `asOf` (the database's time when given) leaves out rows that become due later.
   */
  async claim(requests: readonly ClaimRequest[], held: readonly OutboxRow[], asOf?: string): Promise<OutboxRow[]> {
    if (requests.length === 0) return [];
    const due: RawBuilder<unknown> = asOf === undefined ? sql`now()` : sql`${asOf}::timestamptz`;
    const { rows } = await sql<OutboxRow>`
      update care_system.outbox o
         set status = 'processing', attempts = o.attempts + 1, lease_until = ${this.leaseUntil()}
        from (select picked.id
                from unnest(${requests.map((request) => request.subscriber)}::text[],
                            ${requests.map((request) => request.rows)}::int[]) as wanted(subscriber, n)
               cross join lateral (
                 select id from care_system.outbox
                  where subscriber = wanted.subscriber
                    and ((status = 'pending' and next_attempt_at <= ${due}) or (status = 'processing' and lease_until < ${due}))
                    and id <> all(${held.map((row) => row.id)}::bigint[])
                  order by id
                  limit wanted.n
                  for update skip locked) as picked) as claimed
       where o.id = claimed.id
      returning o.id, o.event_id, o.signal, o.subscriber, o.payload, o.attempts`.execute(this.db);
    return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** Extends the leases of rows still held; answers the ids renewed (the others were taken over). */
  async renew(rows: readonly OutboxRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const { rows: renewed } = await sql<{ id: string }>`
      update care_system.outbox
         set lease_until = ${this.leaseUntil()}
       where status = 'processing' and (id, attempts) in (${held(rows)})
      returning id`.execute(this.db);
    return new Set(renewed.map((row) => row.id));
  }

  /** Records outcomes in one statement (one commit for many deliveries); rows no longer held are left alone. */
  async settle(settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    const errors = settlements.map((entry) => (entry.status === "delivered" ? null : entry.error));
    const delays = settlements.map((entry) => (entry.status === "delivered" ? 0 : entry.delayMs));
    await sql`
      update care_system.outbox o
         set status = s.status,
             lease_until = null,
             last_error = s.error,
             delivered_at = case when s.status = 'delivered' then now() end,
             next_attempt_at = case when s.status = 'pending' then now() + s.delay_ms * interval '1 millisecond' else o.next_attempt_at end
        from unnest(${settlements.map((entry) => entry.row.id)}::bigint[], ${settlements.map((entry) => entry.row.attempts)}::int[],
                    ${settlements.map((entry) => entry.status)}::text[], ${errors}::text[], ${delays}::bigint[])
               as s(id, attempts, status, error, delay_ms)
       where o.id = s.id and o.attempts = s.attempts and o.status = 'processing'`.execute(this.db);
  }

  /**
   * Hands rows still held back to the outbox, due now and without counting the try, for the next
   * instance (or start) to take at once instead of after their lease.
   */
  async release(rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      update care_system.outbox
         set status = 'pending', attempts = attempts - 1, lease_until = null, next_attempt_at = now()
       where status = 'processing' and (id, attempts) in (${held(rows)})`.execute(this.db);
  }

  private leaseUntil(): RawBuilder<Date> {
    return sql<Date>`now() + ${this.leaseMs} * interval '1 millisecond'`;
  }
}

function held(rows: readonly OutboxRow[]): RawBuilder<unknown> {
  return sql`select * from unnest(${rows.map((row) => row.id)}::bigint[], ${rows.map((row) => row.attempts)}::int[])`;
}
