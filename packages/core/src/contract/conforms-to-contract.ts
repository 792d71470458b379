// The plug contract (@care/plug-api) declares the domain types plugs see; the core's zod schemas are
// what actually parse and answer them. These checks fail to compile (typecheck, build) as soon as one
// drifts from the other, so a schema change is also a visible contract change, or is refused.
import type * as Contract from "@care/plug-api";
import type { z } from "zod";
import type { roles } from "../actor.js";
import type { encounterCreateSchema, encounterKinds, encounterListSchema, encounterSchema } from "../encounters/schema.js";
import type { encounterStatuses, encounterUpdateSchema } from "../encounters/schema.js";
import type { facilityCreateSchema, facilityKinds, facilityListSchema, facilitySchema } from "../facilities/schema.js";
import type { facilityUpdateSchema } from "../facilities/schema.js";
import type { patientCreateSchema, patientListSchema, patientSchema, patientUpdateSchema, sexes } from "../patients/schema.js";
import type { actorRefSchema, CoreSignalName, SignalPayload } from "../signals/core-signals.js";
import type { deliveryModes } from "../signals/subscription.js";
import type { userListSchema, userSchema } from "../users/schema.js";
import type { Holds, SameType } from "./same-type.js";

/** Every core signal's payload schema against the contract's payload of the same name. */
type SignalsConform = { [Name in CoreSignalName]: SameType<SignalPayload<Name>, Contract.SignalPayload<Name>> };

export type CoreConformsToContract = [
  Holds<SameType<(typeof roles)[number], Contract.Role>>,
  Holds<SameType<z.output<typeof actorRefSchema>, Contract.ActorRef>>,
  Holds<SameType<(typeof deliveryModes)[number], Contract.DeliveryMode>>,
  Holds<SameType<(typeof facilityKinds)[number], Contract.FacilityKind>>,
  Holds<SameType<z.output<typeof facilitySchema>, Contract.Facility>>,
  Holds<SameType<z.input<typeof facilityCreateSchema>, Contract.FacilityCreate>>,
  Holds<SameType<z.input<typeof facilityUpdateSchema>, Contract.FacilityUpdate>>,
  Holds<SameType<z.input<typeof facilityListSchema>, Contract.FacilityFilter>>,
  Holds<SameType<z.output<typeof userSchema>, Contract.User>>,
  Holds<SameType<z.input<typeof userListSchema>, Contract.UserFilter>>,
  Holds<SameType<(typeof sexes)[number], Contract.Sex>>,
  Holds<SameType<z.output<typeof patientSchema>, Contract.Patient>>,
  Holds<SameType<z.input<typeof patientCreateSchema>, Contract.PatientCreate>>,
  Holds<SameType<z.input<typeof patientUpdateSchema>, Contract.PatientUpdate>>,
  Holds<SameType<z.input<typeof patientListSchema>, Contract.PatientFilter>>,
  Holds<SameType<(typeof encounterKinds)[number], Contract.EncounterKind>>,
  Holds<SameType<(typeof encounterStatuses)[number], Contract.EncounterStatus>>,
  Holds<SameType<z.output<typeof encounterSchema>, Contract.Encounter>>,
  Holds<SameType<z.input<typeof encounterCreateSchema>, Contract.EncounterCreate>>,
  Holds<SameType<z.input<typeof encounterUpdateSchema>, Contract.EncounterUpdate>>,
  Holds<SameType<z.input<typeof encounterListSchema>, Contract.EncounterFilter>>,
  Holds<SameType<CoreSignalName, Contract.CoreSignalName>>,
  Holds<SignalsConform[CoreSignalName]>,
];
