import type { PlugNames } from "../../names.js";

/** src/routes/list-patient-notes.ts: an HTTP route under /api/plugs/<id>/. */
export const route = (plug: PlugNames): string => `import { route } from "@care/plug-sdk";
import type { ${plug.pascal}Config } from "../config.js";

/**
 * GET /api/plugs/${plug.id}/patients/:patientId/notes. Like every plug route it needs a signed-in
 * caller (401 without a token) unless it is declared \`{ public: { reason, authenticate } }\`; on a
 * public route \`context.actor\` is null and \`context.core\` refuses every call.
 */
export const listPatientNotes = route.get<${plug.pascal}Config>("/patients/:patientId/notes", async (request, _reply, context) => {
  const { patientId } = request.params as { patientId: string };
  // context.core acts as the caller (context.actor), with the core's facility scoping: another
  // facility's patient is "not found" (404). context.db runs as the plug's own database role: it reaches
  // this plug's tables and the core columns plugs may read, nothing else.
  const patient = await context.core.patients.get(patientId);
  const rows = await context.db
    .selectFrom("patient_notes")
    .select(["id", "note", "created_at"])
    .where("patient_id", "=", patient.id)
    .orderBy("created_at")
    .execute();
  return { items: rows.map((row) => ({ id: row.id, note: row.note, createdAt: new Date(row.created_at).toISOString() })) };
});
`;
