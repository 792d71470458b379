export type EncounterKind = "outpatient" | "inpatient" | "emergency";
/** `finished` and `cancelled` close an encounter (the `encounter.closed` signal). */
export type EncounterStatus = "planned" | "in_progress" | "finished" | "cancelled";

/** An encounter as the core answers it; timestamps are ISO 8601 with an offset. */
export interface Encounter {
  id: string;
  patientId: string;
  facilityId: string;
  kind: EncounterKind;
  status: EncounterStatus;
  startedAt: string | null;
  endedAt: string | null;
  attendingUserId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A new encounter, at its patient's facility; it starts planned unless `status` says in_progress. */
export interface EncounterCreate {
  patientId: string;
  kind: EncounterKind;
  status?: "planned" | "in_progress" | undefined;
  attendingUserId?: string | null | undefined;
  notes?: string | null | undefined;
}

/** The fields to change; a status change must be a legal transition. */
export interface EncounterUpdate {
  status?: EncounterStatus | undefined;
  attendingUserId?: string | null | undefined;
  notes?: string | null | undefined;
}

export interface EncounterFilter {
  facilityId?: string | undefined;
  patientId?: string | undefined;
  status?: EncounterStatus | undefined;
}
