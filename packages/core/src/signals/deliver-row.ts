import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { z } from "zod";
import type { CoreDatabase } from "../db/tables.js";
import type { OutboxRow, Settlement } from "./outbox-row.js";
import type { Subscription } from "./subscription.js";

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/**
 * Runs a claimed row's handler with the payload as its signal's schema parses it, and answers how
 * the row ends; never throws. The outbox is a table, not proof that the core or a plug emitted the
 * row: one that does not parse is dead-lettered, since no retry will make it parse.
 */
export async function deliverRow(
  row: OutboxRow,
  schema: z.ZodType | undefined,
  subscription: Subscription | undefined,
  db: Kysely<CoreDatabase>,
  retry: RetryPolicy,
  logger: Logger,
): Promise<Settlement> {
  const parsed = parsePayload(row, schema);
  if (!parsed.success) return deadLettered(row, parsed.reason, logger);
  try {
    if (!subscription) throw new Error(`no durable subscriber ${row.subscriber} for ${row.signal} in this deployment`);
    await subscription.handler(parsed.data, { signal: row.signal, eventId: row.event_id, db, attempt: row.attempts });
    return { row, status: "delivered" };
  } catch (error) {
    return failed(row, error, retry, logger);
  }
}

function parsePayload(
  row: OutboxRow,
  schema: z.ZodType | undefined,
): { success: true; data: unknown } | { success: false; reason: string } {
  if (!schema) return { success: false, reason: `signal ${row.signal} is not defined in this deployment` };
  try {
    const parsed = schema.safeParse(row.payload);
    if (parsed.success) return parsed;
    return { success: false, reason: `payload does not match signal ${row.signal}: ${describeIssues(parsed.error)}` };
  } catch (error) {
    return {
      success: false,
      reason: `payload of signal ${row.signal} could not be checked: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function deadLettered(row: OutboxRow, reason: string, logger: Logger): Settlement {
  const error = errorText(reason);
  logger.error(
    { plug: row.subscriber, signal: row.signal, subscriber: row.subscriber, eventId: row.event_id, reason: error, lastError: error },
    `durable delivery to ${row.subscriber} dead-lettered, not delivered and not retried: ${error}`,
  );
  return { row, status: "failed", error, delayMs: 0 };
}

/** Paths and messages only: zod's messages say what was expected, not the values given, so no patient data reaches the log. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "(payload)"}: ${issue.message}`)
    .join("; ");
}

function failed(row: OutboxRow, error: unknown, retry: RetryPolicy, logger: Logger): Settlement {
  const givesUp = row.attempts >= retry.maxAttempts;
  const delayMs = Math.min(retry.backoffMs * 2 ** (row.attempts - 1), retry.maxBackoffMs);
  const context = { signal: row.signal, subscriber: row.subscriber, eventId: row.event_id, attempt: row.attempts, err: error };
  // Once a delivery: the try that gives up is the last, and it says what to do next.
  if (givesUp) {
    logger.error(
      { ...context, plug: row.subscriber, lastError: errorText(error) },
      `durable delivery to ${row.subscriber} failed ${row.attempts} times; marked failed (see \`care deliveries --state failed\`)`,
    );
  } else {
    logger.warn(context, `durable delivery to ${row.subscriber} failed; retrying in ${delayMs} ms`);
  }
  return { row, status: givesUp ? "failed" : "pending", error: errorText(error), delayMs };
}

/** PostgreSQL text holds no NUL character: one in a message would fail the whole settling statement. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replaceAll("\u0000", "").slice(0, 2000);
}
