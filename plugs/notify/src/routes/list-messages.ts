import { z } from "zod";
import { messageColumns, messageSchema, toMessage } from "../message-view.js";
import { notify } from "../plug.js";

/** GET /api/plugs/notify/messages?patientId=…: what was sent to a patient, for staff who may see them. */
export const listMessages = notify.route.get(
  "/messages",
  {
    summary: "The visit messages of a patient (sent, rejected or skipped), oldest first",
    query: z.object({ patientId: z.uuid("must be a patient id (a UUID)") }),
    responses: { 200: z.object({ items: z.array(messageSchema) }) },
  },
  async ({ query }, context) => {
    // The core acts as the caller, with its facility scoping: another facility's patient is "not found".
    const patient = await context.core.patients.get(query.patientId);
    const rows = await context.db
      .selectFrom("messages")
      .select(messageColumns)
      .where("patient_id", "=", patient.id)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return { items: rows.map(toMessage) };
  },
);
