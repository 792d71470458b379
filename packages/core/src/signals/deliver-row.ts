import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { CoreDatabase } from "../db/tables.js";
import type { OutboxRow, Settlement } from "./outbox-row.js";
import type { Subscription } from "./subscription.js";

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** Runs a claimed row's handler and answers how the row ends; never throws. */
export async function deliverRow(
  row: OutboxRow,
  subscription: Subscription | undefined,
  db: Kysely<CoreDatabase>,
  retry: RetryPolicy,
  logger: Logger,
): Promise<Settlement> {
  try {
    if (!subscription) throw new Error(`no durable subscriber ${row.subscriber} for ${row.signal} in this deployment`);
    const payload = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload;
    await subscription.handler(payload, { signal: row.signal, eventId: row.event_id, db, attempt: row.attempts });
    return { row, status: "delivered" };
  } catch (error) {
    return failed(row, error, retry, logger);
  }
}

function failed(row: OutboxRow, error: unknown, retry: RetryPolicy, logger: Logger): Settlement {
  const givesUp = row.attempts >= retry.maxAttempts;
  const delayMs = Math.min(retry.backoffMs * 2 ** (row.attempts - 1), retry.maxBackoffMs);
  const context = { signal: row.signal, subscriber: row.subscriber, eventId: row.event_id, attempt: row.attempts, err: error };
  if (givesUp) logger.error(context, `durable delivery to ${row.subscriber} failed ${row.attempts} times; marked failed`);
  else logger.warn(context, `durable delivery to ${row.subscriber} failed; retrying in ${delayMs} ms`);
  return { row, status: givesUp ? "failed" : "pending", error: errorText(error), delayMs };
}

/** PostgreSQL text holds no NUL character: one in a message would fail the whole settling statement. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replaceAll("\u0000", "").slice(0, 2000);
}
