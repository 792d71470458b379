/**
 * How a handler receives a signal:
 * - `inTransaction`: inside the writer's transaction, in subscription order; throwing vetoes the write.
 * - `afterCommit`: in this process once the write committed; a failure is logged, the write stands.
 * - `durable`: recorded in the outbox with the write, delivered at least once, with retries.
 */
export type DeliveryMode = "inTransaction" | "afterCommit" | "durable";
