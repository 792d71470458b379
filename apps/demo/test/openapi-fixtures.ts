import { logIn } from "./start-demo.js";

/** What the operations' calls use, created before them. */
export interface Seeded {
  url: string;
  facilityId: string;
  userId: string;
  patientId: string;
  encounterId: string;
  /** A pending lab order to read and result, and another to cancel. */
  orderId: string;
  orderToCancelId: string;
}

/** One call of an operation with valid input, and the documented status it must answer. */
export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** The administrator's token unless given; `null` sends none (public routes). */
  token?: string | null;
  status: number;
}

const strongPassword = "quiet lantern orchard river";

/**
 * A call for every operation of the demo's document, keyed as the document writes it. An operation
 * without one fails the test: a new route (the core's or a plug's) has to bring its fixture.
 */
export const fixtures: Record<string, (seeded: Seeded) => Call | Promise<Call>> = {
  "get /health/live": () => ({ token: null, status: 200 }),
  "get /health/ready": () => ({ token: null, status: 200 }),
  "get /health": () => ({ token: null, status: 200 }),
  "post /api/v1/auth/login": () => ({ token: null, body: { username: "admin", password: "openapi demo admin passphrase" }, status: 200 }),
  // A token of its own: the others' stay valid.
  "post /api/v1/auth/logout": async ({ url }) => ({ token: await logIn(url), status: 204 }),
  "get /api/v1/me": () => ({ status: 200 }),

  "get /api/v1/facilities": () => ({ query: { q: "openapi", limit: "10" }, status: 200 }),
  "post /api/v1/facilities": () => ({ body: { name: "OpenAPI Health Centre", kind: "health_center" }, status: 201 }),
  "get /api/v1/facilities/{id}": ({ facilityId }) => ({ params: { id: facilityId }, status: 200 }),
  "patch /api/v1/facilities/{id}": ({ facilityId }) => ({ params: { id: facilityId }, body: { phone: "+255 22 000 0000" }, status: 200 }),

  "get /api/v1/users": ({ facilityId }) => ({ query: { facilityId }, status: 200 }),
  "post /api/v1/users": ({ facilityId }) => ({
    body: {
      username: "openapi.nurse",
      displayName: "OpenAPI Nurse",
      password: strongPassword,
      roles: ["nurse"],
      facilityIds: [facilityId],
    },
    status: 201,
  }),
  "get /api/v1/users/{id}": ({ userId }) => ({ params: { id: userId }, status: 200 }),
  "patch /api/v1/users/{id}": ({ userId }) => ({ params: { id: userId }, body: { displayName: "Dr OpenAPI" }, status: 200 }),

  "get /api/v1/patients": ({ facilityId }) => ({ query: { facilityId, q: "Neema" }, status: 200 }),
  "post /api/v1/patients": ({ facilityId }) => ({
    body: { facilityId, name: "Juma Openapi", birthDate: "2001-06-15", sex: "male", identifiers: [{ system: "nida", value: "OA-2" }] },
    status: 201,
  }),
  "get /api/v1/patients/{id}": ({ patientId }) => ({ params: { id: patientId }, status: 200 }),
  "patch /api/v1/patients/{id}": ({ patientId }) => ({ params: { id: patientId }, body: { address: "Plot 7, Upanga" }, status: 200 }),

  "get /api/v1/encounters": ({ patientId }) => ({ query: { patientId, status: "in_progress" }, status: 200 }),
  "post /api/v1/encounters": ({ patientId }) => ({ body: { patientId, kind: "outpatient" }, status: 201 }),
  "get /api/v1/encounters/{id}": ({ encounterId }) => ({ params: { id: encounterId }, status: 200 }),
  "patch /api/v1/encounters/{id}": ({ encounterId }) => ({
    params: { id: encounterId },
    body: { notes: "seen at the front desk" },
    status: 200,
  }),

  "get /api/v1/deliveries": () => ({ query: { state: "pending,failed,delivered" }, status: 200 }),
  "post /api/v1/deliveries/retry": () => ({ body: { failed: true, reason: "provider back up" }, status: 200 }),
  // The demo has no delivery waiting to discard (they are delivered at once): an unknown id is its documented 404.
  "post /api/v1/deliveries/discard": () => ({ body: { ids: ["987654321"], reason: "sent by mistake" }, status: 404 }),

  "get /api/v1/admin/plugs": () => ({ status: 200 }),
  "get /api/v1/admin/plugs/{id}": () => ({ params: { id: "lab" }, status: 200 }),
  "get /api/v1/admin/migrations": () => ({ status: 200 }),
  "get /api/v1/admin/supervisor": () => ({ status: 200 }),
  // The demo does not run under care serve: the routes relayed to it answer their documented 503 not_supervised.
  "post /api/v1/admin/archives": () => ({ status: 503 }),
  "post /api/v1/admin/changes": () => ({ body: { kind: "disable", plug: "hello" }, status: 503 }),
  "get /api/v1/admin/changes": () => ({ status: 503 }),
  "delete /api/v1/admin/changes/{id}": () => ({ params: { id: "c1" }, status: 503 }),
  "post /api/v1/admin/applies": () => ({ body: {}, status: 503 }),
  "get /api/v1/admin/applies": () => ({ status: 503 }),
  "get /api/v1/admin/applies/{id}": () => ({ params: { id: "a1" }, status: 503 }),

  "post /api/plugs/lab/encounters/{encounterId}/orders": ({ encounterId }) => ({
    params: { encounterId },
    body: { testCode: "hba1c", testName: "Glycated haemoglobin", priority: "urgent" },
    status: 201,
  }),
  "get /api/plugs/lab/orders/{orderId}": ({ orderId }) => ({ params: { orderId }, status: 200 }),
  "get /api/plugs/lab/patients/{patientId}/orders": ({ patientId, encounterId }) => ({
    params: { patientId },
    query: { encounterId },
    status: 200,
  }),
  "get /api/plugs/lab/patients/{patientId}/open-encounters": ({ patientId }) => ({ params: { patientId }, status: 200 }),
  "post /api/plugs/lab/orders/{orderId}/result": ({ orderId }) => ({
    params: { orderId },
    body: { value: 5.4, unit: "mmol/L", referenceRange: { low: 3.9, high: 5.6 } },
    status: 201,
  }),
  "post /api/plugs/lab/orders/{orderId}/cancel": ({ orderToCancelId }) => ({
    params: { orderId: orderToCancelId },
    body: { reason: "ordered twice" },
    status: 200,
  }),
  "get /api/plugs/hello/patients/{patientId}/greetings": ({ patientId }) => ({ params: { patientId }, status: 200 }),
  "get /api/plugs/notify/messages": ({ patientId }) => ({ query: { patientId }, status: 200 }),
  "get /api/plugs/hello/greetings": () => ({ query: { limit: "5" }, status: 200 }),
  "get /api/plugs/notify/admin/messages": () => ({ query: { status: "skipped", limit: "10" }, status: 200 }),
};
