import type { PlugNames } from "../../names.js";

/** src/routes/list-patient-notes.ts: an HTTP route under /api/plugs/<id>/. */
export const route = (plug: PlugNames): string => `import { route } from "@care/plug-sdk";
import type { ${plug.pascal}Config } from "../config.js";

/**
 * GET /api/plugs/${plug.id}/patients/:patientId/notes. Like every plug route it needs a signed-in
 * caller (401 without a token) unless it is declared \`{ public: { reason, authenticate } }\`.
 */
export const listPatientNotes = route.get<${plug.pascal}Config>("/patients/:patientId/notes", async (request, _reply, context) => {
  const { patientId } = request.params as { patientId: string };
  // The core service applies facility scoping: another facility's patient is "not found" (404).
  const patient = await context.core.patients.get(request.actor, patientId);
  const rows = await context.db
    .selectFrom("patient_notes")
    .select(["id", "note", "created_at"])
    .where("patient_id", "=", patient.id)
    .orderBy("created_at")
    .execute();
  return { items: rows.map((row) => ({ id: row.id, note: row.note, createdAt: new Date(row.created_at).toISOString() })) };
});
`;
