import type { PlugNames } from "../../names.js";

/** src/routes/list-patient-notes.ts: an HTTP route under /api/plugs/<id>/, its input and answer declared with zod. */
export const route = (plug: PlugNames): string => `import { z } from "zod";
import { ${plug.camel} } from "../plug.js";

const note = z.object({ id: z.uuid(), note: z.string(), createdAt: z.iso.datetime() });

/**
 * GET /api/plugs/${plug.id}/patients/:patientId/notes. The runtime checks \`params\` (and \`query\`, \`body\`
 * when declared) before the handler runs (400 naming each field), and sends the answer through the
 * response schema; the API reference (/api/reference) shows all of it. Like every plug route it needs a
 * signed-in caller (401 without a token) unless it is declared \`public: { reason, authenticate }\`.
 */
export const listPatientNotes = ${plug.camel}.route.get(
  "/patients/:patientId/notes",
  {
    summary: "A patient's notes, oldest first",
    params: z.object({ patientId: z.uuid() }),
    responses: { 200: z.object({ items: z.array(note) }) },
  },
  async ({ params }, context) => {
    // context.core acts as the caller, with the core's facility scoping: another facility's patient is
    // "not found" (404). context.db runs as the plug's own database role: it reaches this plug's tables
    // and the core columns plugs may read, nothing else.
    const patient = await context.core.patients.get(params.patientId);
    const rows = await context.db
      .selectFrom("patient_notes")
      .select(["id", "note", "created_at"])
      .where("patient_id", "=", patient.id)
      .orderBy("created_at")
      .execute();
    return { items: rows.map((row) => ({ id: row.id, note: row.note, createdAt: row.created_at.toISOString() })) };
  },
);
`;
