import { z } from "zod";
import { notify } from "../plug.js";
import { messageStatuses } from "../message-statuses.js";

const message = z.object({
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

/** GET /api/plugs/notify/messages?patientId=…: what was sent to a patient, for staff who may see them. */
export const listMessages = notify.route.get(
  "/messages",
  {
    summary: "The visit messages of a patient (sent, rejected or skipped), oldest first",
    query: z.object({ patientId: z.uuid("must be a patient id (a UUID)") }),
    responses: { 200: z.object({ items: z.array(message) }) },
  },
  async ({ query }, context) => {
    // The core acts as the caller, with its facility scoping: another facility's patient is "not found".
    const patient = await context.core.patients.get(query.patientId);
    const rows = await context.db
      .selectFrom("messages")
      .select([
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
      ])
      .where("patient_id", "=", patient.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return {
      items: rows.map((row) => ({
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
      })),
    };
  },
);
