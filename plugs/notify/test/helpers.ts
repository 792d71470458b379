import { randomBytes } from "node:crypto";
import { env } from "@care/plug-sdk";
import type { TestClient, TestDeployment } from "@care/plug-sdk/testing";
import pino from "pino";
import { expect } from "vitest";
import notify from "../src/index.js";
import type { FakeProvider } from "./fake-provider.js";

/** Looks like a real key, and is unique per run so a leak can be searched for. */
export const apiKey = `sk_live_${randomBytes(18).toString("hex")}`;

/** The plug as a deployment's plug.config.ts would list it: provider URL and key from the environment. */
export const notifyPlug = (configs: Record<string, unknown> = {}) => ({
  plug: notify,
  configs: { SERVICE_URL: env("NOTIFY_URL"), SERVICE_API_KEY: env("NOTIFY_API_KEY"), SENDER: "Clinic", ...configs },
});
export const providerEnv = (provider: FakeProvider) => ({ NOTIFY_URL: provider.url, NOTIFY_API_KEY: apiKey });

/** Every log line, as written (so a search covers whatever a serializer added). */
export function memoryLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

export async function createFacility(client: TestClient, name = "North Clinic"): Promise<string> {
  const response = await client.post("/api/v1/facilities", { name, kind: "clinic" });
  expect(response.status).toBe(201);
  return response.body.id;
}

export async function registerPatient(client: TestClient, facilityId: string, phone: string | undefined, name = "Neema"): Promise<string> {
  const response = await client.post("/api/v1/patients", {
    facilityId,
    name,
    birthDate: "1990-04-05",
    sex: "female",
    ...(phone && { phone }),
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

export async function openEncounter(
  client: TestClient,
  patientId: string,
  status: "planned" | "in_progress" = "in_progress",
): Promise<string> {
  const response = await client.post("/api/v1/encounters", { patientId, kind: "outpatient", status });
  expect(response.status).toBe(201);
  return response.body.id;
}

export async function setStatus(client: TestClient, encounterId: string, status: "in_progress" | "finished" | "cancelled"): Promise<void> {
  const response = await client.patch(`/api/v1/encounters/${encounterId}`, { status });
  expect(response.status).toBe(200);
}

/** The event ids of the plug's durable deliveries: each must reach the provider as one Idempotency-Key. */
export async function notifyEventIds(deployment: Pick<TestDeployment, "database">): Promise<string[]> {
  const rows = await deployment.database.db
    .selectFrom("care_system.outbox")
    .select("event_id")
    .where("subscriber", "=", "notify")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.event_id);
}

export async function messageRows(deployment: Pick<TestDeployment, "database">) {
  return deployment.database.db
    .withSchema("plug_notify")
    .selectFrom("messages" as never)
    .selectAll()
    .execute() as Promise<Array<Record<string, any>>>;
}

/** The brief's exactly-once: every expected key got one 2xx answer, and no other key got any. */
export function expectAcceptedOnce(provider: FakeProvider, keys: readonly string[]): void {
  expect(new Set(keys).size).toBe(keys.length);
  expect(Object.fromEntries(provider.successesByKey())).toEqual(Object.fromEntries(keys.map((key) => [key, 1])));
  expect([...provider.accepted.keys()].sort()).toEqual([...keys].sort());
}
