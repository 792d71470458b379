import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { CoreDatabase } from "../db/tables.js";
import type { SignalBus } from "./bus.js";
import { ClaimPass } from "./claim-pass.js";
import { deliverRow } from "./deliver-row.js";
import { resolveDispatcherOptions, type DispatcherOptions, type ResolvedDispatcherOptions } from "./dispatcher-options.js";
import { LeaseHeartbeat } from "./lease-heartbeat.js";
import { OutageBackoff } from "./outage-backoff.js";
import type { OutboxRow, Settlement } from "./outbox-row.js";
import { OutboxStore, type ClaimRequest } from "./outbox-store.js";
import type { SignalSchemas, Subscription } from "./subscription.js";
import { subscriberLimits, subscriptionIndex, subscriptionKey } from "./subscriber-limits.js";
import { Wakeup } from "./wakeup.js";

export type { DispatcherOptions } from "./dispatcher-options.js";

interface Delivery {
  row: OutboxRow;
  pass: ClaimPass;
  /** Its outcome is not ours to record: handed back at shutdown, or taken over by another instance. */
  dropped: boolean;
  done: Promise<void>;
}

/**
 * The least time between two rounds of recording outcomes and claiming, unless a subscriber with
 * rows waiting has nothing in flight. Deliveries finish one by one; a round for each would cost
 * two statements (two commits) a delivery, which on PGlite's one connection is most of the work.
 * Rounds this far apart gather what finished meanwhile, and leave a freed slot empty for 5 ms on
 * average.
 */
const roundSpacingMs = 10;

/** How long a shutdown waits for the last outcomes to be written before leaving them to the leases. */
const recordOnStopMs = 2_000;

/**
 * Delivers durable signals from `care_system.outbox`, at least once. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and a short lease that a heartbeat renews, so several app instances
 * share the work without holding the same row, and a dead instance's rows are due again within
 * seconds. Each subscriber has up to `concurrency` deliveries in flight; outcomes are recorded
 * together, one statement for many (a crash before that redelivers: handlers are idempotent by
 * event id).
 */
export class Dispatcher {
  private readonly options: ResolvedDispatcherOptions;
  private readonly store: OutboxStore;
  private readonly heartbeat: LeaseHeartbeat;
  private readonly outage: OutageBackoff;
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Map<string, Delivery>();
  /** Told how each delivery ended (metrics count them); never fail a delivery. */
  private readonly observers = new Set<(settlement: Settlement) => void>();
  /** Finished deliveries whose outcome is not written yet; their rows are still held (and renewed). */
  private settled: Settlement[] = [];
  private flushing: Promise<void> | undefined;
  private running = false;
  /** Set by `drain()`: no claim starts, and rows a claim brings back are handed back at once. */
  private stopping = false;
  private nudged = true;
  private loop: Promise<void> | undefined;
  /** Tells a loop that outlived its drain (stuck on an unanswered query) from the one a restart began. */
  private generation = 0;

  constructor(
    private readonly db: Kysely<CoreDatabase>,
    private readonly bus: SignalBus<SignalSchemas>,
    private readonly logger: Logger,
    options: DispatcherOptions = {},
  ) {
    this.options = resolveDispatcherOptions(options);
    this.store = new OutboxStore(db, this.options.leaseMs);
    this.heartbeat = new LeaseHeartbeat(
      this.store,
      this.options.leaseMs / 3,
      () => this.held(),
      (rows) => this.lose(rows),
      logger,
    );
    this.outage = new OutageBackoff(logger, this.options.pollIntervalMs, this.options.outageBackoffMaxMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.nudged = true;
    this.loop = this.run((this.generation += 1));
  }

  /** Calls `observer` with each delivery's outcome as it finishes (before it is recorded); returns how to stop. */
  onSettled(observer: (settlement: Settlement) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Asks for a look at the outbox now, e.g. right after a write added rows. */
  nudge(): void {
    this.nudged = true;
    this.wakeup.ring();
  }

  /**
   * Stops claiming at once, waits up to `timeoutMs` for the deliveries in flight, records their
   * outcomes, and hands the unfinished ones back to the outbox (due now, the try not counted) for
   * the next start. Whatever is still due stays in the outbox.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? this.options.drainTimeoutMs);
    this.running = false;
    this.stopping = true;
    this.wakeup.ring();
    const loopEnded = await beforeDeadline(
      this.loop?.then(() => true),
      deadline,
    );
    if (loopEnded !== undefined) this.loop = undefined;
    await beforeDeadline(Promise.allSettled([...this.inFlight.values()].map((delivery) => delivery.done)), deadline);
    const unfinished = [...this.inFlight.values()];
    for (const delivery of unfinished) this.drop(delivery);
    try {
      const recorded = await beforeDeadline(
        this.flush()
          .then(() => this.store.release(unfinished.map((delivery) => delivery.row)))
          .then(() => true),
        Date.now() + recordOnStopMs,
      );
      if (recorded === undefined) throw new Error(`the database did not answer within ${recordOnStopMs} ms`);
    } catch (error) {
      this.logger.error(
        { err: error },
        "durable delivery could not record its last outcomes on stopping; their leases run out and they are delivered again",
      );
    }
    if (unfinished.length > 0) {
      this.logger.warn(
        { unfinished: unfinished.length },
        `stopped with ${unfinished.length} durable deliveries unfinished; handed back to the outbox for the next start`,
      );
    }
    if (this.held().length === 0) this.heartbeat.stop();
    // A loop stuck on an unanswered query ends by itself (it checks `running`) and hands back what it claims.
    if (!this.loop) this.stopping = false;
  }

  /**
   * Delivers every row due now (not those that become due meanwhile, such as a retry) with the
   * same concurrency as the loop, and records the outcomes; returns how many were settled.
   */
  async deliverDue(): Promise<number> {
    const pass = new ClaimPass(await this.store.now());
    for (let round = 0; ; round = await this.nextRound(round, pass)) {
      const mark = this.wakeup.mark();
      await this.flush();
      await this.claim(pass);
      if (this.stopping) pass.stop();
      if (pass.running === 0 && !pass.wantsAny()) break;
      if (this.canClaim(pass)) continue;
      await this.wakeup.wait(mark, this.options.pollIntervalMs);
    }
    await this.flush();
    return pass.settled;
  }

  private async run(generation: number): Promise<void> {
    const pass = new ClaimPass();
    let lastLook = 0;
    const current = () => this.running && generation === this.generation;
    for (let round = 0; current(); round = await this.nextRound(round, pass)) {
      const mark = this.wakeup.mark();
      try {
        await this.flush();
        // Rows become due on their own (retries, expired leases): look at every subscriber now and then.
        if (this.nudged || Date.now() - lastLook >= this.options.pollIntervalMs) {
          this.nudged = false;
          lastLook = Date.now();
          pass.lookAtEveryone();
        }
        await this.claim(pass);
        this.outage.succeeded();
      } catch (error) {
        this.outage.failed(error);
        this.nudged = true;
        await this.pause(this.outage.delayMs);
        continue;
      }
      if (!current() || this.canClaim(pass)) continue;
      await this.wakeup.wait(mark, lastLook + this.options.pollIntervalMs - Date.now());
    }
  }

  /** Waits until `roundSpacingMs` after the round that began at `began`, unless a subscriber starves; answers when the next one begins. */
  private async nextRound(began: number, pass: ClaimPass): Promise<number> {
    const until = began + roundSpacingMs;
    while (Date.now() < until && !this.stopping && !this.starving(pass)) await this.wakeup.wait(this.wakeup.mark(), until - Date.now());
    return Date.now();
  }

  /** A subscriber with rows waiting and no delivery in flight (one at a time, say): it should not wait for a round. */
  private starving(pass: ClaimPass): boolean {
    return pass.backlogged().some((subscriber) => this.inFlightOf(subscriber) === 0);
  }

  /** Waits `ms` unless stopped: during an outage, finished deliveries do not make it try sooner. */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.running && Date.now() < until) await this.wakeup.wait(this.wakeup.mark(), until - Date.now());
  }

  /** True when a subscriber this pass wants more rows for has a free slot. */
  private canClaim(pass: ClaimPass): boolean {
    if (this.stopping || !pass.wantsAny()) return false;
    for (const [subscriber, limit] of subscriberLimits(this.bus.durableSubscriptions(), this.options.concurrency)) {
      if (pass.wants(subscriber) && this.inFlightOf(subscriber) < limit) return true;
    }
    return false;
  }

  /** One claim for every wanted subscriber's free slots, and their deliveries started. */
  private async claim(pass: ClaimPass): Promise<void> {
    if (this.stopping) return;
    const subscriptions = this.bus.durableSubscriptions();
    const requests: ClaimRequest[] = [];
    const full: string[] = [];
    for (const [subscriber, limit] of subscriberLimits(subscriptions, this.options.concurrency)) {
      const free = limit - this.inFlightOf(subscriber);
      if (free <= 0) full.push(subscriber);
      else if (pass.wants(subscriber)) requests.push({ subscriber, rows: free });
    }
    if (requests.length === 0) {
      pass.claimed(new Map(), new Map(), full);
      return;
    }
    // Never our own rows again, even with a lease run out (an outage kept the heartbeat from renewing it).
    const rows = await this.store.claim(requests, this.held(), pass.asOf);
    const got = new Map<string, number>();
    for (const row of rows) got.set(row.subscriber, (got.get(row.subscriber) ?? 0) + 1);
    pass.claimed(new Map(requests.map((request) => [request.subscriber, request.rows])), got, full);
    if (this.stopping || (pass.asOf === undefined && !this.running)) {
      // Shutdown began while the claim ran: these rows go straight back.
      await this.store.release(rows);
      return;
    }
    const handlers = subscriptionIndex(subscriptions);
    for (const row of rows) this.launch(row, pass, handlers.get(subscriptionKey(row.subscriber, row.signal)));
    if (rows.length > 0) this.heartbeat.ensure();
  }

  private launch(row: OutboxRow, pass: ClaimPass, subscription: Subscription | undefined): void {
    const delivery = { row, pass, dropped: false } as Delivery;
    this.inFlight.set(row.id, delivery);
    pass.running += 1;
    delivery.done = deliverRow(row, this.bus.schemaOf(row.signal), subscription, this.db, this.options, this.logger).then((settlement) => {
      if (delivery.dropped) return;
      this.inFlight.delete(row.id);
      pass.running -= 1;
      pass.settled += 1;
      this.settled.push(settlement);
      for (const observer of this.observers) {
        try {
          observer(settlement);
        } catch {
          // Counting is never a reason for a delivery to go wrong.
        }
      }
      this.wakeup.ring();
    });
  }

  /** Forgets a delivery in flight: whatever its handler ends with is not recorded here. */
  private drop(delivery: Delivery): void {
    if (delivery.dropped) return;
    delivery.dropped = true;
    this.inFlight.delete(delivery.row.id);
    delivery.pass.running -= 1;
    this.wakeup.ring();
  }

  private inFlightOf(subscriber: string): number {
    let count = 0;
    for (const delivery of this.inFlight.values()) if (delivery.row.subscriber === subscriber) count += 1;
    return count;
  }

  /** Rows this instance holds: deliveries running, and finished ones not yet recorded. */
  private held(): OutboxRow[] {
    return [...[...this.inFlight.values()].map((delivery) => delivery.row), ...this.settled.map((settlement) => settlement.row)];
  }

  /** Rows another instance took over after their lease ran out: their outcome here must not count. */
  private lose(gone: OutboxRow[]): void {
    // A row recorded while its renewal ran is not lost: only those still held here are.
    const held = new Set(this.held());
    const rows = gone.filter((row) => held.has(row));
    if (rows.length === 0) return;
    for (const row of rows) {
      const delivery = this.inFlight.get(row.id);
      if (delivery?.row === row) this.drop(delivery);
    }
    this.settled = this.settled.filter((settlement) => !rows.includes(settlement.row));
    this.logger.warn(
      { rows: rows.map((row) => row.id) },
      `${rows.length} durable deliveries were taken over by another instance after their lease ran out (was this process paused?); ` +
        "their outcome here is not recorded",
    );
  }

  /** Writes the finished deliveries' outcomes in one statement; one write at a time. */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => {});
    if (this.settled.length === 0) return;
    const batch = this.settled.splice(0);
    this.flushing = this.store.settle(batch);
    try {
      await this.flushing;
    } catch (error) {
      // Still held (the heartbeat renews them): written on the next try, or delivered again if the lease runs out.
      this.settled.unshift(...batch);
      throw error;
    } finally {
      this.flushing = undefined;
    }
  }
}

/** `work`'s result, or undefined when `deadline` comes first (the work carries on unawaited). */
async function beforeDeadline<T>(work: Promise<T> | undefined, deadline: number): Promise<T | undefined> {
  if (!work) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(deadline - Date.now(), 0))));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
