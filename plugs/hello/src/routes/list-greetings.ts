import { z } from "zod";
import { hello } from "../plug.js";

const greeting = z.object({ id: z.uuid(), message: z.string(), createdAt: z.iso.datetime() });

/** GET /api/plugs/hello/patients/:patientId/greetings: only for staff who may see the patient. */
export const listGreetings = hello.route.get(
  "/patients/:patientId/greetings",
  {
    summary: "The greetings stored for a patient, oldest first",
    params: z.object({ patientId: z.string() }),
    responses: { 200: z.object({ items: z.array(greeting) }) },
  },
  async ({ params }, context) => {
    // The core acts as the caller, with its facility scoping: another facility's patient is "not found".
    const patient = await context.core.patients.get(params.patientId);
    const rows = await context.db
      .selectFrom("greetings")
      .select(["id", "message", "created_at"])
      .where("patient_id", "=", patient.id)
      .orderBy("created_at")
      .execute();
    return { items: rows.map((row) => ({ id: row.id, message: row.message, createdAt: row.created_at.toISOString() })) };
  },
);
