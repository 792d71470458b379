import type { Selectable } from "@care/plug-sdk";
import { z } from "zod";
import { messageStatuses } from "./message-statuses.js";
import type { MessagesRow } from "./tables.generated.js";

/** A visit message as the routes answer it. */
export const messageSchema = z.object({
  id: z.uuid(),
  signal: z.string(),
  encounterId: z.uuid(),
  recipient: z.string().nullable(),
  message: z.string(),
  status: z.enum(messageStatuses),
  attempts: z.number().int(),
  providerMessageId: z.string().nullable(),
  providerStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

/** The columns `toMessage` reads. */
export const messageColumns = [
  "id",
  "signal",
  "encounter_id",
  "recipient",
  "message",
  "status",
  "attempts",
  "provider_message_id",
  "provider_status",
  "error",
  "sent_at",
  "created_at",
] as const;

type MessageColumns = Pick<Selectable<MessagesRow>, (typeof messageColumns)[number]>;

export function toMessage(row: MessageColumns): z.output<typeof messageSchema> {
  return {
    id: row.id,
    signal: row.signal,
    encounterId: row.encounter_id,
    recipient: row.recipient,
    message: row.message,
    status: row.status,
    attempts: row.attempts,
    providerMessageId: row.provider_message_id,
    providerStatus: row.provider_status,
    error: row.error,
    sentAt: row.sent_at === null ? null : row.sent_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
