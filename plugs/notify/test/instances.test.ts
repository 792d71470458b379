import { randomBytes } from "node:crypto";
import { openDatabase, startTestDeployment, type CareDatabase, type TestDeployment } from "@care/plug-sdk/testing";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { failFirstTry, startFakeProvider, type FakeProvider } from "./fake-provider.js";
import {
  createFacility,
  expectAcceptedOnce,
  memoryLogger,
  messageRows,
  notifyEventIds,
  notifyPlug,
  openEncounter,
  providerEnv,
  registerPatient,
  setStatus,
} from "./helpers.js";

// Two app instances need a server both can reach; PGlite lives inside one process.
const server = process.env.DATABASE_URL;
const name = `care_notify_${randomBytes(5).toString("hex")}`;
const databases: CareDatabase[] = [];
const deployments: TestDeployment[] = [];
let provider: FakeProvider | undefined;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

beforeAll(async () => {
  if (server) await admin(`create database ${name}`);
});
afterAll(async () => {
  for (const deployment of deployments) await deployment.close();
  for (const database of databases) await database.close();
  await provider?.close();
  if (server) await admin(`drop database if exists ${name} with (force)`);
});

it.skipIf(!server)("two runtime instances on one PostgreSQL deliver each message to the provider exactly once", async () => {
  const url = new URL(server!);
  url.pathname = `/${name}`;
  provider = await startFakeProvider(failFirstTry);
  const logs = [memoryLogger(), memoryLogger()];
  const instances: TestDeployment[] = [];
  // One after the other: the second finds core and plug installed.
  for (const log of logs) {
    const database = await openDatabase({ url: url.toString() });
    databases.push(database);
    const deployment = await startTestDeployment({
      plugs: [notifyPlug()],
      env: providerEnv(provider),
      database,
      logger: log.logger,
      dispatcher: { concurrency: 4 },
    });
    deployments.push(deployment);
    instances.push(deployment);
  }
  const [a, b] = instances as [TestDeployment, TestDeployment];

  const facilityId = await createFacility(a.admin);
  const total = 24;
  for (let i = 0; i < total; i += 1) {
    const via = i % 2 === 0 ? a : b;
    const encounterId = await openEncounter(
      via.admin,
      await registerPatient(via.admin, facilityId, `+2557550000${String(i).padStart(2, "0")}`, `Patient ${i}`),
    );
    if (i % 3 === 0) await setStatus(via.admin, encounterId, "finished");
  }
  await Promise.all([a.deliveries({ timeoutMs: 60_000 }), b.deliveries({ timeoutMs: 60_000 })]);

  const keys = await notifyEventIds(a);
  expect(keys).toHaveLength(total + total / 3);
  expectAcceptedOnce(provider, keys);
  const rows = await messageRows(b);
  expect(rows).toHaveLength(keys.length);
  expect(rows.every((row) => row.status === "sent")).toBe(true);

  // Both instances did part of the work, and each message was reported sent by exactly one of them.
  const sentBy = logs.map(({ lines }) =>
    lines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === "visit message sent")
      .map((line) => line.eventId as string),
  );
  expect(sentBy[0]!.length).toBeGreaterThan(0);
  expect(sentBy[1]!.length).toBeGreaterThan(0);
  expect([...sentBy[0]!, ...sentBy[1]!].sort()).toEqual([...keys].sort());
});
