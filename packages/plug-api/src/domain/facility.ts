export type FacilityKind = "hospital" | "clinic" | "health_center" | "laboratory" | "pharmacy" | "other";

/** A facility as the core answers it; timestamps are ISO 8601 with an offset. */
export interface Facility {
  id: string;
  name: string;
  kind: FacilityKind;
  address: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A new facility: blank optional text is stored as null. */
export interface FacilityCreate {
  name: string;
  kind: FacilityKind;
  address?: string | null | undefined;
  phone?: string | null | undefined;
}

/** The fields to change; those left out stay as they are. */
export type FacilityUpdate = Partial<FacilityCreate>;

/** `q`: a part of the name. */
export interface FacilityFilter {
  q?: string | undefined;
}
