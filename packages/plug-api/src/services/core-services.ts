import type { Encounter, EncounterCreate, EncounterFilter, EncounterUpdate } from "../domain/encounter.js";
import type { Facility, FacilityCreate, FacilityFilter, FacilityUpdate } from "../domain/facility.js";
import type { Page } from "../domain/page.js";
import type { Patient, PatientCreate, PatientFilter, PatientUpdate } from "../domain/patient.js";
import type { User, UserFilter } from "../domain/user.js";

/** A page of a list call: how many, and where the previous page ended (its `nextCursor`). */
export interface PageQuery {
  limit?: number | string;
  cursor?: string;
}

/**
 * The core, as a plug calls it. Every call acts as the context's actor, with that actor's facility
 * scoping (another facility's patient is "not found"); on a public route there is no actor and every
 * call is refused. Declared here rather than derived from the core's classes, so the contract changes
 * only when this list does.
 */
export interface CoreServices {
  facilities: {
    create(input: FacilityCreate): Promise<Facility>;
    update(id: string, input: FacilityUpdate): Promise<Facility>;
    get(id: string): Promise<Facility>;
    list(query?: FacilityFilter & PageQuery): Promise<Page<Facility>>;
  };
  /** Read only: accounts and roles are the administrators', through the core's own API. */
  users: {
    get(id: string): Promise<User>;
    list(query?: UserFilter & PageQuery): Promise<Page<User>>;
  };
  patients: {
    create(input: PatientCreate): Promise<Patient>;
    update(id: string, input: PatientUpdate): Promise<Patient>;
    get(id: string): Promise<Patient>;
    list(query?: PatientFilter & PageQuery): Promise<Page<Patient>>;
  };
  encounters: {
    create(input: EncounterCreate): Promise<Encounter>;
    update(id: string, input: EncounterUpdate): Promise<Encounter>;
    get(id: string): Promise<Encounter>;
    list(query?: EncounterFilter & PageQuery): Promise<Page<Encounter>>;
    /** Inside context.transaction: the encounter, locked against a concurrent close until the write ends. */
    holdOpen(id: string): Promise<Encounter>;
  };
}
