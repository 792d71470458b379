import { sql, type Kysely } from "kysely";
import type { Logger } from "pino";
import type { CoreDatabase } from "../db/tables.js";
import type { SignalBus } from "./bus.js";
import type { SignalSchemas, Subscription } from "./subscription.js";

export interface DispatcherOptions {
  /** How often to look for due rows when nothing nudges the dispatcher. */
  pollIntervalMs?: number;
  /** Rows claimed at once. */
  batchSize?: number;
  /** Tries before a row is marked failed. */
  maxAttempts?: number;
  /** First retry delay; each further retry doubles it, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A claimed row not settled within this time is taken up again (its instance is presumed dead). */
  leaseMs?: number;
}

type OutboxRow = { id: string; event_id: string; signal: string; subscriber: string; payload: unknown; attempts: number };

/**
 * Delivers durable signals from `care_system.outbox`, at least once. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so several app instances share the work without ever
 * holding the same row, and a row whose instance died is retried once its lease runs out.
 */
export class Dispatcher {
  private readonly options: Required<DispatcherOptions>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<CoreDatabase>,
    private readonly bus: SignalBus<SignalSchemas>,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.options = {
      pollIntervalMs: 1000,
      batchSize: 50,
      // About an hour and a half of retries before giving up: sites lose connectivity for that long.
      maxAttempts: 15,
      backoffMs: 1000,
      maxBackoffMs: 15 * 60_000,
      leaseMs: 60_000,
      ...options,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks for a look at the outbox now, e.g. right after a write added rows. */
  nudge(): void {
    this.wake?.();
  }

  /** Stops claiming rows and waits for the deliveries in hand to settle. */
  async drain(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Claims and delivers due rows until none is left; returns how many were settled. */
  async deliverDue(): Promise<number> {
    let settled = 0;
    for (;;) {
      const claimedAt = Date.now();
      const batch = await this.claim();
      // Successes are marked delivered together: one commit (one WAL flush) a batch rather than a
      // row halved what one instance delivers. A crash before the mark, or a handler that outlives the
      // lease, can redeliver the batch's earlier rows: at-least-once, which handlers must tolerate.
      const delivered: OutboxRow[] = [];
      for (const row of batch) {
        // Rows wait their turn within a batch; renew a lease that may run out before its delivery.
        if (Date.now() - claimedAt > this.options.leaseMs / 2) {
          await this.markDelivered(delivered.splice(0));
          if (!(await this.renewLease(row))) continue;
        }
        if (await this.deliver(row)) delivered.push(row);
        settled += 1;
      }
      await this.markDelivered(delivered);
      if (batch.length < this.options.batchSize) return settled;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.deliverDue();
      } catch (error) {
        this.logger.error({ err: error }, "durable signal dispatcher could not read the outbox; retrying");
      }
      if (this.running) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.timer = setTimeout(done, this.options.pollIntervalMs);
    });
  }

  private subscriberNames(): string[] {
    return [...new Set(this.bus.durableSubscriptions().map((entry) => entry.subscriber))];
  }

  private async claim(): Promise<OutboxRow[]> {
    const subscribers = this.subscriberNames();
    if (subscribers.length === 0) return [];
    const { rows } = await sql<OutboxRow>`
      update care_system.outbox
         set status = 'processing',
             attempts = attempts + 1,
             lease_until = now() + ${this.options.leaseMs} * interval '1 millisecond'
       where id in (
         select id from care_system.outbox
          where subscriber = any(${subscribers}::text[])
            and ((status = 'pending' and next_attempt_at <= now())
              or (status = 'processing' and lease_until < now()))
          order by id
          limit ${this.options.batchSize}
          for update skip locked)
      returning id, event_id, signal, subscriber, payload, attempts`.execute(this.db);
    return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** False when another instance took the row over (its lease had run out). */
  private async renewLease(row: OutboxRow): Promise<boolean> {
    const renewed = await this.stillHeld(
      this.db
        .updateTable("care_system.outbox")
        .set({ lease_until: sql<Date>`now() + ${this.options.leaseMs} * interval '1 millisecond'` }),
      row,
    ).executeTakeFirst();
    return renewed.numUpdatedRows > 0n;
  }

  /** Only the claim that holds a row may settle it: a stale instance never overwrites a newer claim. */
  private stillHeld<Q extends { where: (...args: any[]) => any }>(query: Q, row: OutboxRow): Q {
    return query.where("id", "=", row.id).where("status", "=", "processing").where("attempts", "=", row.attempts);
  }

  private findSubscription(row: OutboxRow): Subscription | undefined {
    return this.bus.durableSubscriptions().find((entry) => entry.signal === row.signal && entry.subscriber === row.subscriber);
  }

  /** Runs the row's handler; true when it succeeded (to be marked delivered), false when recorded as failed. */
  private async deliver(row: OutboxRow): Promise<boolean> {
    const subscription = this.findSubscription(row);
    try {
      if (!subscription) throw new Error(`no durable subscriber ${row.subscriber} for ${row.signal} in this deployment`);
      const payload = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload;
      await subscription.handler(payload, { signal: row.signal, eventId: row.event_id, db: this.db, attempt: row.attempts });
      return true;
    } catch (error) {
      await this.recordFailure(row, error);
      return false;
    }
  }

  /** Only rows this claim still holds (same id and attempt): a stale instance never overwrites a newer claim. */
  private async markDelivered(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      update care_system.outbox
         set status = 'delivered', delivered_at = now(), lease_until = null, last_error = null
       where status = 'processing'
         and (id, attempts) in (select * from unnest(${rows.map((row) => row.id)}::bigint[], ${rows.map((row) => row.attempts)}::int[]))`.execute(this.db);
  }

  private async recordFailure(row: OutboxRow, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const givesUp = row.attempts >= this.options.maxAttempts;
    const delayMs = Math.min(this.options.backoffMs * 2 ** (row.attempts - 1), this.options.maxBackoffMs);
    await this.stillHeld(
      this.db.updateTable("care_system.outbox").set({
        status: givesUp ? "failed" : "pending",
        lease_until: null,
        last_error: message.slice(0, 2000),
        next_attempt_at: sql<Date>`now() + ${delayMs} * interval '1 millisecond'`,
      }),
      row,
    ).execute();
    const context = { signal: row.signal, subscriber: row.subscriber, eventId: row.event_id, attempt: row.attempts, err: error };
    if (givesUp) this.logger.error(context, `durable delivery to ${row.subscriber} failed ${row.attempts} times; marked failed`);
    else this.logger.warn(context, `durable delivery to ${row.subscriber} failed; retrying in ${delayMs} ms`);
  }
}
