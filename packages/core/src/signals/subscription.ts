import type { Kysely } from "kysely";
import type { z } from "zod";

export const deliveryModes = ["inTransaction", "afterCommit", "durable"] as const;
/**
 * - `inTransaction`: runs inside the writer's transaction, in subscription order; throwing vetoes the write.
 * - `afterCommit`: runs in this process once the write committed; a failure is logged, the write stands.
 * - `durable`: recorded in the outbox with the write; the dispatcher delivers it at least once, with retries.
 */
export type DeliveryMode = (typeof deliveryModes)[number];

export interface SignalContext {
  signal: string;
  /** Same for every subscriber of one emitted signal; the idempotency key for durable handlers. */
  eventId: string;
  /** The writer's transaction for `inTransaction`, the database otherwise. */
  db: Kysely<any>;
  /** 1 for the first delivery; counts retries of a durable delivery. */
  attempt: number;
}

export type SignalHandler<Payload> = (payload: Payload, context: SignalContext) => unknown;

export interface Subscription<Payload = unknown> {
  signal: string;
  /** Names the subscriber in logs and in the outbox, e.g. `lab:block-close`; unique per signal. */
  subscriber: string;
  mode: DeliveryMode;
  handler: SignalHandler<Payload>;
  /** Durable only: this subscriber's deliveries in flight at once per instance (1: one at a time, in outbox order). */
  concurrency?: number;
  /**
   * Its plug is switched off: the handler never runs. In-transaction and after-commit signals pass
   * it by; a durable one still gets its outbox row, as `held`, delivered once the plug is switched on.
   */
  held?: boolean;
}

export interface SubscribeOptions {
  /** Durable only: see `Subscription.concurrency`; the dispatcher's default otherwise. */
  concurrency?: number;
  /** See `Subscription.held`. */
  held?: boolean;
}

export type SignalSchemas = Record<string, z.ZodType>;
