import type { Delivery, DeliveryActionResult, DeliveryState, FacilityUpdate, Page, User, UserCreate, UserUpdate } from "@care/core";
import { apiJson } from "../api/api-client.js";
import type { Facility } from "../api/core-api.js";
import type {
  AdminPlug,
  AdminPlugDetail,
  ApplyRecord,
  ArchiveInspection,
  Items,
  MigrationStep,
  StagedChange,
  SupervisorAnswer,
} from "./types.js";

export type { Delivery, DeliveryState, User } from "@care/core";

const id = (value: string) => encodeURIComponent(value);

/** A header carries printable ASCII only: the rest of a file's name (and `%`) is percent-encoded, as the runtime decodes it. */
const headerValue = (value: string) => value.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));

/** A list's query string: the largest page the API gives, and only the filters that are set. */
const query = (filters: Record<string, string | undefined>) => {
  const params = new URLSearchParams({ limit: "200" });
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return `?${params}`;
};

/**
 * The administrator's calls: the runtime's /api/v1/admin routes (the supervisor's relayed under them)
 * and the core's users, facilities and deliveries routes. The API refuses anyone but an administrator.
 */
export const consoleApi = {
  plugs: () => apiJson<Items<AdminPlug>>("/admin/plugs"),
  plug: (plugId: string) => apiJson<AdminPlugDetail>(`/admin/plugs/${id(plugId)}`),
  migrations: () => apiJson<Items<MigrationStep>>("/admin/migrations"),

  supervisor: () => apiJson<SupervisorAnswer>("/admin/supervisor"),
  /** The archive's bytes as they are: the supervisor checks them, runs none of their code, and says what they are. */
  inspect: (file: File) =>
    apiJson<ArchiveInspection>("/admin/archives", {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "x-care-file-name": headerValue(file.name) },
      body: file,
    }),
  stage: (token: string) => apiJson<StagedChange>("/admin/changes", { method: "POST", json: { token } }),
  stagedChanges: () => apiJson<Items<StagedChange>>("/admin/changes"),
  discardChange: (changeId: string) => apiJson<void>(`/admin/changes/${id(changeId)}`, { method: "DELETE" }),
  apply: () => apiJson<ApplyRecord>("/admin/applies", { method: "POST", json: {} }),
  applies: () => apiJson<Items<ApplyRecord>>("/admin/applies"),
  applyRecord: (applyId: string) => apiJson<ApplyRecord>(`/admin/applies/${id(applyId)}`),

  deliveries: (state: DeliveryState | "", cursor?: string) => apiJson<Page<Delivery>>(`/deliveries${query({ state, cursor })}`),
  retryDelivery: (deliveryId: string) =>
    apiJson<DeliveryActionResult>("/deliveries/retry", { method: "POST", json: { ids: [deliveryId] } }),
  discardDelivery: (deliveryId: string, reason: string) =>
    apiJson<DeliveryActionResult>("/deliveries/discard", { method: "POST", json: { ids: [deliveryId], reason } }),

  users: (cursor?: string) => apiJson<Page<User>>(`/users${query({ cursor })}`),
  createUser: (input: UserCreate) => apiJson<User>("/users", { method: "POST", json: input }),
  updateUser: (userId: string, input: UserUpdate) => apiJson<User>(`/users/${id(userId)}`, { method: "PATCH", json: input }),
  updateFacility: (facilityId: string, input: FacilityUpdate) =>
    apiJson<Facility>(`/facilities/${id(facilityId)}`, { method: "PATCH", json: input }),
};
