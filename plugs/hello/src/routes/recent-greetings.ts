import { z } from "zod";
import { hello } from "../plug.js";

const greeting = z.object({ id: z.uuid(), patientId: z.uuid(), message: z.string(), createdAt: z.iso.datetime() });

/**
 * GET /api/plugs/hello/greetings[?limit=5] → {items}: the newest greetings of the patients the caller may see
 * (an administrator's: every facility's; other staff: their facilities'). The dashboard widget and page read it.
 */
export const recentGreetings = hello.route.get(
  "/greetings",
  {
    summary: "The newest greetings of the caller's facilities, newest first",
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
    responses: { 200: z.object({ items: z.array(greeting) }) },
  },
  async ({ query, actor }, context) => {
    let select = context.db.selectFrom("greetings").select(["id", "patient_id", "message", "created_at"]);
    // The same scoping as the core's: a greeting is seen by staff of the patient's facility and by administrators.
    if (actor.kind === "user" && !actor.roles.includes("admin")) {
      if (actor.facilityIds.length === 0) return { items: [] };
      select = select.where("facility_id", "in", [...actor.facilityIds]);
    }
    const rows = await select.orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit).execute();
    return {
      items: rows.map((row) => ({ id: row.id, patientId: row.patient_id, message: row.message, createdAt: row.created_at.toISOString() })),
    };
  },
);
