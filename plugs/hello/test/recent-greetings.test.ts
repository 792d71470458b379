import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import hello from "../src/index.js";

let deployment: TestDeployment;
let northId: string;
let southId: string;

beforeAll(async () => {
  deployment = await startTestDeployment({ plugs: [{ plug: hello, configs: { greeting: "Karibu" } }] });
  northId = (await deployment.admin.post("/api/v1/facilities", { name: "North", kind: "clinic" })).body.id;
  southId = (await deployment.admin.post("/api/v1/facilities", { name: "South", kind: "clinic" })).body.id;
  for (const [name, facilityId] of [
    ["Amani", northId],
    ["Baraka", southId],
    ["Chausiku", northId],
  ] as const) {
    await deployment.admin.post("/api/v1/patients", { facilityId, name, birthDate: "2001-02-03", sex: "female" });
    // One delivery round per patient, so their greetings are stored in registration order.
    await deployment.deliveries();
  }
});
afterAll(() => deployment?.close());

const messages = (body: { items: Array<{ message: string }> }) => body.items.map((item) => item.message);

it("answers an administrator every facility's greetings, newest first, as many as asked", async () => {
  expect(messages((await deployment.admin.get("/api/plugs/hello/greetings")).body)).toEqual([
    "Karibu, Chausiku!",
    "Karibu, Baraka!",
    "Karibu, Amani!",
  ]);
  expect(messages((await deployment.admin.get("/api/plugs/hello/greetings?limit=1")).body)).toEqual(["Karibu, Chausiku!"]);
  expect((await deployment.admin.get("/api/plugs/hello/greetings?limit=0")).status).toBe(400);
});

it("answers other staff only their facilities' greetings, and nobody's without a token", async () => {
  const { client: north } = await deployment.userClient(["nurse"], [northId]);
  expect(messages((await north.get("/api/plugs/hello/greetings")).body)).toEqual(["Karibu, Chausiku!", "Karibu, Amani!"]);
  const { client: nowhere } = await deployment.userClient(["staff"], []);
  expect((await nowhere.get("/api/plugs/hello/greetings")).body.items).toEqual([]);
  expect((await deployment.anonymous.get("/api/plugs/hello/greetings")).status).toBe(401);
});
