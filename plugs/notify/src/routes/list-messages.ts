import { CareError, route } from "@care/plug-sdk";
import { z } from "zod";
import type { NotifyConfig } from "../config.js";

const query = z.object({ patientId: z.uuid("must be a patient id (a UUID)") });

/** GET /api/plugs/notify/messages?patientId=…: what was sent to a patient, for staff who may see them. */
export const listMessages = route.get<NotifyConfig>("/messages", async (request, _reply, context) => {
  const parsed = query.safeParse(request.query);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(query)", message: issue.message }));
    throw new CareError("validation_failed", `invalid messages query: ${details.map((detail) => `${detail.path}: ${detail.message}`).join("; ")}`, details);
  }
  // The core acts as the caller, with its facility scoping: another facility's patient is "not found".
  const patient = await context.core.patients.get(parsed.data.patientId);
  const rows = await context.db
    .selectFrom("messages")
    .select(["id", "signal", "encounter_id", "recipient", "message", "status", "attempts", "provider_message_id", "provider_status", "error", "sent_at", "created_at"])
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
      sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
      createdAt: new Date(row.created_at).toISOString(),
    })),
  };
});
