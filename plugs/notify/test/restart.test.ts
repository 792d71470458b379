import { openScratchDatabase, startTestDeployment, type CareDatabase, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, expect, it } from "vitest";
import { failFirstTry, startFakeProvider, type FakeProvider } from "./fake-provider.js";
import {
  createFacility,
  expectAcceptedOnce,
  messageRows,
  notifyEventIds,
  notifyPlug,
  openEncounter,
  providerEnv,
  registerPatient,
  setStatus,
} from "./helpers.js";

let provider: FakeProvider | undefined;
let database: CareDatabase | undefined;
const deployments: TestDeployment[] = [];
afterEach(async () => {
  for (const deployment of deployments.splice(0)) await deployment.close();
  await database?.close();
  await provider?.close();
});

it("delivers each message exactly once across a restart in the middle of the provider's outage", async () => {
  provider = await startFakeProvider(failFirstTry);
  database = await openScratchDatabase();
  const start = async () => {
    const deployment = await startTestDeployment({ plugs: [notifyPlug()], env: providerEnv(provider!), database });
    deployments.push(deployment);
    return deployment;
  };

  // Before the outage: two visits start, and their messages go out (after a 503 each).
  const first = await start();
  const facilityId = await createFacility(first.admin);
  const early: string[] = [];
  for (const phone of ["+255744444441", "+255744444442"])
    early.push(await openEncounter(first.admin, await registerPatient(first.admin, facilityId, phone)));
  await first.deliveries();
  const sentBefore = await notifyEventIds(first);
  expectAcceptedOnce(provider, sentBefore);

  // The provider goes down; visits end and start, and every try fails before the restart.
  provider.setPolicy(() => "unavailable");
  await setStatus(first.admin, early[0]!, "finished");
  await openEncounter(first.admin, await registerPatient(first.admin, facilityId, "+255744444443"));
  await openEncounter(first.admin, await registerPatient(first.admin, facilityId, "+255744444444"));
  expect(await first.core.dispatcher.deliverDue()).toBe(3);
  const pending = await first.database.db
    .selectFrom("care_system.outbox")
    .select(["status", "attempts"])
    .where("status", "!=", "delivered")
    .execute();
  expect(pending).toEqual([
    { status: "pending", attempts: 1 },
    { status: "pending", attempts: 1 },
    { status: "pending", attempts: 1 },
  ]);
  // And the instance dies holding one sent message's row: its handler finished, the row was never
  // marked delivered. Its lease has run out, so the next instance takes it up again.
  await first.database.db
    .updateTable("care_system.outbox")
    .set({ status: "processing", lease_until: new Date(0) })
    .where("event_id", "=", sentBefore[0]!)
    .execute();
  await first.close();

  // A new instance on the same database, and the provider back.
  provider.setPolicy(() => "accept");
  const second = await start();
  await second.deliveries();

  const keys = await notifyEventIds(second);
  expect(keys).toHaveLength(5);
  expectAcceptedOnce(provider, keys);
  // The messages sent before the restart were not sent again, not even the one delivered twice.
  for (const key of sentBefore) expect(provider.requests.filter((request) => request.key === key)).toHaveLength(2);
  const redelivered = await second.database.db
    .selectFrom("care_system.outbox")
    .select(["status", "attempts"])
    .where("event_id", "=", sentBefore[0]!)
    .executeTakeFirstOrThrow();
  expect(redelivered).toEqual({ status: "delivered", attempts: 3 });
  const rows = await messageRows(second);
  expect(rows).toHaveLength(5);
  expect(rows.every((row) => row.status === "sent")).toBe(true);
  expect(rows.filter((row) => !sentBefore.includes(row.event_id)).map((row) => row.attempts)).toEqual([2, 2, 2]);
});
