import { z } from "zod";
import { existingId } from "../access.js";
import { openEncounterSchema, openEncountersOf } from "../open-encounters.js";
import { lab } from "../plug.js";

/**
 * GET /api/plugs/lab/patients/:patientId/open-encounters → {items}: the patient's planned and
 * in-progress encounters, newest first, which are the ones lab orders may be placed for. The order
 * form reads them here rather than from the core API, so lab's screens call only lab's routes.
 */
export const listOpenEncounters = lab.route.get(
  "/patients/:patientId/open-encounters",
  {
    summary: "A patient's open encounters (planned or in progress), newest first, for ordering tests",
    params: z.object({ patientId: z.string() }),
    responses: { 200: z.object({ items: z.array(openEncounterSchema) }) },
  },
  async ({ params }, context) => {
    const patientId = existingId(params.patientId, "patient");
    // The core service applies facility scoping: another facility's patient is "not found".
    const patient = await context.core.patients.get(patientId);
    return { items: await openEncountersOf(context.core, patient.id) };
  },
);
