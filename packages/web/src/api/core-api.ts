import type {
  Encounter,
  EncounterCreate,
  EncounterUpdate,
  Facility,
  FacilityCreate,
  Page,
  Patient,
  PatientCreate,
  PatientUpdate,
  User,
} from "@care/core";
import { apiJson } from "./api-client.js";

export type { Encounter, EncounterStatus, Facility, Page, Patient, PatientIdentifier, User } from "@care/core";

/** The query string of a list call, without empty filters (the API refuses unknown, not empty, parameters). */
const query = (filters: Record<string, string | number | undefined>): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined && value !== "") params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
};

export interface LoginAnswer {
  token: string;
  expiresAt: string;
  userId: string;
}

/**
 * The core's API as the app uses it; every call is scoped by the API to what the signed-in user may see.
 * Lists answer a page (at most 200, the API's limit) and the `nextCursor` of the next: see usePagedList and allPages.
 */
export const coreApi = {
  login: (username: string, password: string) => apiJson<LoginAnswer>("/auth/login", { method: "POST", json: { username, password } }),
  logout: (token: string) =>
    apiJson<void>("/auth/logout", { method: "POST", headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) }),
  me: () => apiJson<User>("/me"),

  listFacilities: (filters: { q?: string; cursor?: string } = {}) =>
    apiJson<Page<Facility>>(`/facilities${query({ ...filters, limit: 200 })}`),
  createFacility: (input: FacilityCreate) => apiJson<Facility>("/facilities", { method: "POST", json: input }),

  listPatients: (filters: { q?: string; facilityId?: string; cursor?: string }) =>
    apiJson<Page<Patient>>(`/patients${query({ ...filters, limit: 50 })}`),
  getPatient: (id: string) => apiJson<Patient>(`/patients/${encodeURIComponent(id)}`),
  createPatient: (input: PatientCreate) => apiJson<Patient>("/patients", { method: "POST", json: input }),
  updatePatient: (id: string, input: PatientUpdate) =>
    apiJson<Patient>(`/patients/${encodeURIComponent(id)}`, { method: "PATCH", json: input }),

  listEncounters: (filters: { patientId?: string; cursor?: string }) =>
    apiJson<Page<Encounter>>(`/encounters${query({ ...filters, limit: 200 })}`),
  getEncounter: (id: string) => apiJson<Encounter>(`/encounters/${encodeURIComponent(id)}`),
  createEncounter: (input: EncounterCreate) => apiJson<Encounter>("/encounters", { method: "POST", json: input }),
  updateEncounter: (id: string, input: EncounterUpdate) =>
    apiJson<Encounter>(`/encounters/${encodeURIComponent(id)}`, { method: "PATCH", json: input }),
};
