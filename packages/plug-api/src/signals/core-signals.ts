import type { ActorRef } from "../domain/actor.js";
import type { Encounter, EncounterStatus } from "../domain/encounter.js";
import type { Facility } from "../domain/facility.js";
import type { Patient } from "../domain/patient.js";
import type { User } from "../domain/user.js";

/** The signals the core emits, by name: each payload holds the entity as it is after the write, and who wrote it. */
export interface CoreSignalPayloads {
  "facility.created": { facility: Facility; actor: ActorRef };
  "facility.updated": { facility: Facility; actor: ActorRef };
  "user.created": { user: User; actor: ActorRef };
  "user.updated": { user: User; actor: ActorRef };
  "patient.created": { patient: Patient; actor: ActorRef };
  "patient.updated": { patient: Patient; actor: ActorRef };
  "encounter.created": { encounter: Encounter; actor: ActorRef };
  "encounter.updated": { encounter: Encounter; previousStatus: EncounterStatus; actor: ActorRef };
  /** The encounter became finished or cancelled; emitted after `encounter.updated` in the same write. */
  "encounter.closed": { encounter: Encounter; actor: ActorRef };
}

export type CoreSignalName = keyof CoreSignalPayloads;
export type SignalPayload<Name extends CoreSignalName> = CoreSignalPayloads[Name];
