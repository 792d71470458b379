import { newId } from "@care/plug-sdk";
import { hello } from "../plug.js";

/** After a patient is registered (and only if that write committed), store a greeting. */
export const greetNewPatient = hello.on("patient.created", {
  mode: "afterCommit",
  async handle({ patient }, context) {
    await context.db
      .insertInto("greetings")
      .values({
        id: newId(),
        patient_id: patient.id,
        facility_id: patient.facilityId,
        message: `${context.config.greeting}, ${patient.name}!`,
      })
      .execute();
    context.logger.debug({ patientId: patient.id }, "greeted a new patient");
  },
});
