import { z } from "zod";
import { encounterSchema, encounterStatuses } from "../encounters/schema.js";
import { facilitySchema } from "../facilities/schema.js";
import { patientSchema } from "../patients/schema.js";
import { userSchema } from "../users/schema.js";

/** Who did it, as carried in every payload. */
export const actorRefSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.uuid(), username: z.string() }),
  z.object({ kind: z.literal("system"), name: z.string() }),
]);

/** The signals the core emits; each payload holds the entity as it is after the write, and the actor. */
export const coreSignals = {
  "facility.created": z.object({ facility: facilitySchema, actor: actorRefSchema }),
  "facility.updated": z.object({ facility: facilitySchema, actor: actorRefSchema }),
  "user.created": z.object({ user: userSchema, actor: actorRefSchema }),
  "user.updated": z.object({ user: userSchema, actor: actorRefSchema }),
  "patient.created": z.object({ patient: patientSchema, actor: actorRefSchema }),
  "patient.updated": z.object({ patient: patientSchema, actor: actorRefSchema }),
  "encounter.created": z.object({ encounter: encounterSchema, actor: actorRefSchema }),
  "encounter.updated": z.object({
    encounter: encounterSchema,
    previousStatus: z.enum(encounterStatuses),
    actor: actorRefSchema,
  }),
  /** The encounter became finished or cancelled; fired after `encounter.updated` in the same write. */
  "encounter.closed": z.object({ encounter: encounterSchema, actor: actorRefSchema }),
} as const;

export type CoreSignals = typeof coreSignals;
export type CoreSignalName = keyof CoreSignals;
export type SignalPayload<Name extends CoreSignalName> = z.output<CoreSignals[Name]>;

export function isCoreSignal(name: string): name is CoreSignalName {
  return Object.hasOwn(coreSignals, name);
}
