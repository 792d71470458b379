import type { PlugNames } from "../../names.js";

/** src/signals/note-new-patient.ts: a handler for a core signal. */
export const signal = (plug: PlugNames): string => `import { newId } from "@care/plug-sdk";
import { ${plug.camel} } from "../plug.js";

/**
 * After a patient is registered (and only if that write committed), keep a note in the plug's own
 * table. The other delivery modes: "inTransaction" runs inside the core's write and may refuse it
 * with \`veto("reason")\`; "durable" is delivered at least once, with retries, across restarts.
 * A handler acts for no caller (\`context.actor\` is null, and \`context.core\` refuses every call): to
 * read core data it acts as the plug itself, explicitly, e.g. \`context.asPlug().core.patients.get(id)\`.
 */
export const noteNewPatient = ${plug.camel}.on("patient.created", {
  mode: "afterCommit",
  async handle({ patient }, context) {
    await context.db
      .insertInto("patient_notes")
      .values({
        id: newId(),
        patient_id: patient.id,
        facility_id: patient.facilityId,
        note: \`\${context.config.notePrefix}: \${patient.name}\`,
      })
      .execute();
    context.logger.debug({ patientId: patient.id }, "noted a new patient");
  },
});
`;
