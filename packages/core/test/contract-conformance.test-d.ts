// The core's schemas are held to the plug contract's types by src/contract/conforms-to-contract.ts,
// which fails to compile when they drift. These lines prove the check it uses sees a drift: each
// expected error below fails `tsc --noEmit` (pnpm typecheck) if SameType ever stops refusing it.
import type { Facility, FacilityCreate, SignalPayload } from "@care/plug-api";
import type { z } from "zod";
import type { Holds, SameType } from "../src/contract/same-type.js";
import type { CoreConformsToContract } from "../src/contract/conforms-to-contract.js";
import type { facilityCreateSchema, facilitySchema } from "../src/facilities/schema.js";
import type { coreSignals } from "../src/signals/core-signals.js";

export type Checked = CoreConformsToContract;

export type Same = Holds<SameType<z.output<typeof facilitySchema>, Facility>>;
// @ts-expect-error a field the schema has but the contract lost
export type FieldRemoved = Holds<SameType<z.input<typeof facilityCreateSchema>, Omit<FacilityCreate, "phone">>>;
// @ts-expect-error an optional field the contract has but the schema does not (assignable both ways, still a drift)
export type OptionalAdded = Holds<SameType<z.input<typeof facilityCreateSchema>, FacilityCreate & { fax?: string }>>;
// @ts-expect-error a field whose type changed (nullable in the schema, not in the contract)
export type TypeChanged = Holds<SameType<z.output<typeof facilitySchema>, Omit<Facility, "phone"> & { phone: string }>>;
// @ts-expect-error a signal's payload against another's
export type WrongSignal = Holds<SameType<z.output<(typeof coreSignals)["encounter.updated"]>, SignalPayload<"encounter.closed">>>;
