import type { Kysely, Transaction } from "kysely";
import type { Logger } from "pino";
import type { z } from "zod";
import type { CoreDatabase } from "../db/tables.js";
import { newId } from "../ids.js";
import { coreOrigin, type CoreOrigin } from "./core-origin.js";
import { coreSignals, isCoreSignal, type CoreSignals } from "./core-signals.js";
import type { SignalHandler, SignalSchemas, SubscribeOptions, Subscription, DeliveryMode } from "./subscription.js";

/** Work to run once the transaction that emitted it has committed. */
export type AfterCommitJob = () => Promise<void>;

/**
 * Knows every signal (name → payload schema) and every subscriber. Emitting happens inside a
 * write's transaction: in-transaction handlers run there, durable ones get an outbox row there,
 * after-commit ones are queued for when (and only if) it commits.
 */
export class SignalBus<Signals extends SignalSchemas = CoreSignals> {
  private readonly schemas = new Map<string, z.ZodType>(Object.entries(coreSignals));
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<CoreDatabase>,
    private readonly logger: Logger,
  ) {}

  /** Adds a signal beyond the core's; a plug's own signals are named `<plug id>.<event>`. */
  define(name: string, schema: z.ZodType): void {
    if (this.schemas.has(name)) throw new Error(`signal ${name} is already defined`);
    this.schemas.set(name, schema);
  }

  isDefined(name: string): boolean {
    return this.schemas.has(name);
  }

  /** The payload schema of `name`; the dispatcher checks each outbox row against it before delivery. */
  schemaOf(name: string): z.ZodType | undefined {
    return this.schemas.get(name);
  }

  subscribe<Name extends keyof Signals & string>(
    signal: Name,
    subscriber: string,
    mode: DeliveryMode,
    handler: SignalHandler<z.output<Signals[Name]>>,
    options: SubscribeOptions = {},
  ): void {
    if (!this.schemas.has(signal)) {
      throw new Error(`${subscriber} subscribes to ${signal}, which no one defines; known signals: ${[...this.schemas.keys()].join(", ")}`);
    }
    const list = this.subscriptions.get(signal) ?? [];
    if (list.some((existing) => existing.subscriber === subscriber)) {
      throw new Error(`${subscriber} subscribes to ${signal} twice; give each handler its own subscriber name`);
    }
    const { concurrency, held } = options;
    if (concurrency !== undefined && (mode !== "durable" || !Number.isInteger(concurrency) || concurrency < 1)) {
      throw new Error(`${subscriber} on ${signal}: concurrency applies to durable subscriptions and is a whole number of at least 1`);
    }
    list.push({
      signal,
      subscriber,
      mode,
      handler: handler as SignalHandler<unknown>,
      ...(concurrency !== undefined && { concurrency }),
      ...(held && { held }),
    });
    this.subscriptions.set(signal, list);
  }

  /** The durable subscriptions the dispatcher delivers: a held one's rows wait for its plug. */
  durableSubscriptions(): Subscription[] {
    return [...this.subscriptions.values()].flat().filter((entry) => entry.mode === "durable" && !entry.held);
  }

  /**
   * Emits inside `tx`. Returns whether outbox rows to deliver now were written (held ones wait). Throws (and so rolls the write
   * back) when an in-transaction subscriber vetoes. A core signal needs `origin`, which only the
   * core's services hold: subscribers trust that `patient.created` means a patient was created.
   */
  async emit(
    tx: Transaction<CoreDatabase>,
    afterCommit: AfterCommitJob[],
    signal: string,
    rawPayload: unknown,
    origin?: CoreOrigin,
  ): Promise<boolean> {
    if (isCoreSignal(signal) && origin !== coreOrigin) throw new Error(`cannot emit ${signal}: only the core's services emit core signals`);
    const schema = this.schemas.get(signal);
    if (!schema) throw new Error(`cannot emit ${signal}: no such signal is defined`);
    const payload = schema.parse(rawPayload);
    const eventId = newId();
    const subscriptions = this.subscriptions.get(signal) ?? [];
    // A switched-off plug neither vetoes nor reacts; only its durable deliveries are kept, held.
    const subscribers = subscriptions.filter((item) => !item.held);

    for (const entry of subscribers.filter((item) => item.mode === "inTransaction")) {
      await entry.handler(payload, { signal, eventId, db: tx, attempt: 1 });
    }

    const durable = subscriptions.filter((item) => item.mode === "durable");
    if (durable.length > 0) {
      await tx
        .insertInto("care_system.outbox")
        .values(
          durable.map((entry) => ({
            event_id: eventId,
            signal,
            subscriber: entry.subscriber,
            payload: JSON.stringify(payload),
            ...(entry.held && { status: "held" as const }),
          })),
        )
        .execute();
    }

    for (const entry of subscribers.filter((item) => item.mode === "afterCommit")) {
      afterCommit.push(() => this.runAfterCommit(entry, payload, eventId));
    }
    return durable.some((entry) => !entry.held);
  }

  /** Starts the committed write's after-commit jobs without making the writer wait for them. */
  launch(jobs: AfterCommitJob[]): void {
    for (const job of jobs) {
      // Deferred, so a slow or throwing handler never runs on the writer's call path.
      const running = new Promise<void>((resolve) => setImmediate(resolve)).then(job).finally(() => this.running.delete(running));
      this.running.add(running);
    }
  }

  /** Resolves once every after-commit handler started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async runAfterCommit(entry: Subscription, payload: unknown, eventId: string): Promise<void> {
    try {
      await entry.handler(payload, { signal: entry.signal, eventId, db: this.db, attempt: 1 });
    } catch (error) {
      this.logger.error(
        { err: error, signal: entry.signal, subscriber: entry.subscriber, eventId },
        `after-commit subscriber ${entry.subscriber} failed on ${entry.signal}; the write stands`,
      );
    }
  }
}
