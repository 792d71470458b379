import { route } from "@care/plug-sdk";
import type { HelloConfig } from "../config.js";

/** GET /api/plugs/hello/patients/:patientId/greetings: only for staff who may see the patient. */
export const listGreetings = route.get<HelloConfig>("/patients/:patientId/greetings", async (request, _reply, context) => {
  const { patientId } = request.params as { patientId: string };
  // The core acts as the caller, with its facility scoping: another facility's patient is "not found".
  const patient = await context.core.patients.get(patientId);
  const rows = await context.db
    .selectFrom("greetings")
    .select(["id", "message", "created_at"])
    .where("patient_id", "=", patient.id)
    .orderBy("created_at")
    .execute();
  return { items: rows.map((row) => ({ id: row.id, message: row.message, createdAt: new Date(row.created_at).toISOString() })) };
});
