import { forbidden } from "@care/plug-sdk";
import { z } from "zod";
import { messageStatuses } from "../message-statuses.js";
import { messageColumns, messageSchema, toMessage } from "../message-view.js";
import { notify } from "../plug.js";

const adminMessage = messageSchema.extend({ patientId: z.uuid(), facilityId: z.uuid() });

/**
 * GET /api/plugs/notify/admin/messages[?status=rejected&limit=50] → {items}: every facility's visit messages,
 * newest first, for administrators (the notify admin page: what was sent and what the provider refused).
 */
export const listAllMessages = notify.route.get(
  "/admin/messages",
  {
    summary: "Every visit message, newest first, optionally of one status (administrators only)",
    query: z.strictObject({
      status: z.enum(messageStatuses).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    responses: { 200: z.object({ items: z.array(adminMessage) }) },
  },
  async ({ query, actor }, context) => {
    // Messages hold patients' phone numbers across facilities: only an administrator sees them all.
    if (actor.kind !== "user" || !actor.roles.includes("admin")) throw forbidden("only administrators may list every visit message");
    let select = context.db.selectFrom("messages").select([...messageColumns, "patient_id", "facility_id"]);
    if (query.status) select = select.where("status", "=", query.status);
    const rows = await select.orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit).execute();
    return { items: rows.map((row) => ({ ...toMessage(row), patientId: row.patient_id, facilityId: row.facility_id })) };
  },
);
