import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeProvider, startFakeProvider } from "./fake-provider.js";
import { createFacility, notifyPlug, openEncounter, providerEnv, registerPatient } from "./helpers.js";

let provider: FakeProvider;
let deployment: TestDeployment;
let northId: string;
let southId: string;

// One message accepted (North's patient), one refused for good (South's): what the admin page lists.
beforeAll(async () => {
  provider = await startFakeProvider(() => "accept");
  deployment = await startTestDeployment({ plugs: [notifyPlug()], env: providerEnv(provider) });
  northId = await createFacility(deployment.admin, "North Clinic");
  southId = await createFacility(deployment.admin, "South Clinic");
  await openEncounter(deployment.admin, await registerPatient(deployment.admin, northId, "+255700000001", "Amani"));
  await deployment.deliveries();
  provider.setPolicy(() => "reject");
  await openEncounter(deployment.admin, await registerPatient(deployment.admin, southId, "+255700000002", "Baraka"));
  await deployment.deliveries();
});
afterAll(async () => {
  await deployment?.close();
  await provider?.close();
});

it("lists every facility's messages to an administrator, newest first, with the provider's refusal", async () => {
  const response = await deployment.admin.get("/api/plugs/notify/admin/messages");
  expect(response.status).toBe(200);
  const items = response.body.items as Array<Record<string, unknown>>;
  expect(items.map((item) => [item.recipient, item.status, item.facilityId])).toEqual([
    ["+255700000002", "rejected", southId],
    ["+255700000001", "sent", northId],
  ]);
  expect(items[0]).toMatchObject({ providerStatus: 400, sentAt: null, message: "Your visit at South Clinic has started." });
  expect(String(items[0]?.error)).toContain("invalid recipient");
});

it("filters by status and limits the count", async () => {
  const rejected = await deployment.admin.get("/api/plugs/notify/admin/messages?status=rejected");
  expect(rejected.body.items.map((item: { recipient: string }) => item.recipient)).toEqual(["+255700000002"]);
  const one = await deployment.admin.get("/api/plugs/notify/admin/messages?limit=1");
  expect(one.body.items).toHaveLength(1);
  const wrong = await deployment.admin.get("/api/plugs/notify/admin/messages?status=lost");
  expect(wrong.status).toBe(400);
});

it("refuses staff who are not administrators, even of a facility with messages", async () => {
  const { client } = await deployment.userClient(["nurse", "doctor"], [northId]);
  const response = await client.get("/api/plugs/notify/admin/messages");
  expect(response.status).toBe(403);
  expect(response.body.error.code).toBe("forbidden");
});
