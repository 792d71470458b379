export type Sex = "female" | "male" | "other" | "unknown";

/** An identifier another system gives the patient (a national id, an insurance number): one per system. */
export interface PatientIdentifier {
  system: string;
  value: string;
}

/** A patient as the core answers it; `birthDate` is YYYY-MM-DD. */
export interface Patient {
  id: string;
  facilityId: string;
  name: string;
  birthDate: string;
  sex: Sex;
  phone: string | null;
  address: string | null;
  identifiers: PatientIdentifier[];
  createdAt: string;
  updatedAt: string;
}

/** A new patient, registered at `facilityId` for good. */
export interface PatientCreate {
  facilityId: string;
  name: string;
  birthDate: string;
  sex: Sex;
  phone?: string | null | undefined;
  address?: string | null | undefined;
  identifiers?: PatientIdentifier[] | undefined;
}

/** The fields to change (not the facility); `identifiers`, when given, replaces the list. */
export type PatientUpdate = Partial<Omit<PatientCreate, "facilityId">>;

export interface PatientFilter {
  facilityId?: string | undefined;
  /** A part of the name or an identifier's value. */
  q?: string | undefined;
}
