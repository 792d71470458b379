/** One durable delivery as claimed from `care_system.outbox`: `attempts` counts this try. */
export interface OutboxRow {
  id: string;
  event_id: string;
  signal: string;
  subscriber: string;
  payload: unknown;
  attempts: number;
}

/** How a claimed row ended: delivered, back to pending for a retry, or failed for good. */
export type Settlement =
  | { row: OutboxRow; status: "delivered" }
  | { row: OutboxRow; status: "pending" | "failed"; error: string; delayMs: number };
