import { newId, type SignalHandlerContext, type SignalPayload, type SignalSubscription } from "@care/plug-sdk";
import type { HelloConfig } from "../config.js";

/** After a patient is registered (and only if that write committed), store a greeting. */
export const greetNewPatient: SignalSubscription<SignalPayload<"patient.created">, HelloConfig, {}> = {
  mode: "afterCommit",
  async handle({ patient }, context: SignalHandlerContext<HelloConfig, {}>) {
    await context.db
      .insertInto("greetings")
      .values({ id: newId(), patient_id: patient.id, facility_id: patient.facilityId, message: `${context.config.greeting}, ${patient.name}!` })
      .execute();
    context.logger.debug({ patientId: patient.id }, "greeted a new patient");
  },
};
