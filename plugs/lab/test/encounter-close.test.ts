import { definePlug, veto } from "@care/plug-sdk";
import { startTestDeployment, type TestClient, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, describe, expect, it } from "vitest";
import lab from "../src/index.js";
import { cancelOrder, clinic, created, listOrders, orderTest, recordResult, setEncounterStatus } from "./support.js";

describe("lab holds an encounter open while it has pending orders", () => {
  let deployment: TestDeployment;
  afterEach(() => deployment.close());

  async function start(configs: Record<string, unknown> = {}, others: Parameters<typeof startTestDeployment>[0]["plugs"] = []) {
    deployment = await startTestDeployment({ plugs: [{ plug: lab, configs }, ...others] });
    const north = await clinic(deployment);
    const doctor = await deployment.userClient(["doctor"], [north.facility.id]);
    return { ...north, doctor };
  }
  const encounterOf = async (client: TestClient, id: string) => (await client.get(`/api/v1/encounters/${id}`)).body;

  it("refuses to finish an encounter with a pending order (409, still in progress) until it is resulted", async () => {
    const { encounter, doctor } = await start();
    const fbc = await created(orderTest(doctor.client, encounter.id, { testCode: "FBC", testName: "Full blood count" }));
    await created(orderTest(doctor.client, encounter.id, { testCode: "HB", testName: "Haemoglobin" }));

    const refused = await doctor.client.patch(`/api/v1/encounters/${encounter.id}`, { status: "finished", notes: "discharged" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: "conflict",
      message: `encounter ${encounter.id} has 2 pending lab orders (FBC, HB); record their results or cancel them before finishing it`,
      details: [{ path: "status", message: "pending lab orders: FBC, HB" }],
    });
    // The whole write was rolled back, not just the status.
    expect(await encounterOf(doctor.client, encounter.id)).toMatchObject({ status: "in_progress", endedAt: null, notes: null });

    await created(recordResult(doctor.client, fbc.id, { value: "normal" }));
    const stillOne = await setEncounterStatus(doctor.client, encounter.id, "finished");
    expect(stillOne.status).toBe(409);
    expect(stillOne.body.error.message).toMatch(/has 1 pending lab order \(HB\)/);

    const [hb] = (await listOrders(doctor.client, encounter.patientId, "?status=pending")).body.items;
    await created(recordResult(doctor.client, hb.id, { value: 13.5, unit: "g/dL" }));
    const finished = await setEncounterStatus(doctor.client, encounter.id, "finished");
    expect(finished.status).toBe(200);
    expect((await encounterOf(doctor.client, encounter.id)).status).toBe("finished");
  });

  it("lets the encounter finish once its pending order is cancelled", async () => {
    const { encounter, doctor } = await start();
    const order = await created(orderTest(doctor.client, encounter.id, { testCode: "CRP", testName: "C-reactive protein" }));
    expect((await setEncounterStatus(doctor.client, encounter.id, "finished")).status).toBe(409);
    expect((await encounterOf(doctor.client, encounter.id)).status).toBe("in_progress");

    expect((await cancelOrder(doctor.client, order.id, { reason: "sample haemolysed" })).status).toBe(200);
    expect((await setEncounterStatus(doctor.client, encounter.id, "finished")).status).toBe(200);
    expect((await encounterOf(doctor.client, encounter.id)).status).toBe("finished");
  });

  it("lets an encounter be cancelled, cancelling its pending orders in the same write; results stay", async () => {
    const { encounter, doctor } = await start();
    const pending = await created(orderTest(doctor.client, encounter.id, { testCode: "FBC", testName: "Full blood count" }));
    const done = await created(orderTest(doctor.client, encounter.id, { testCode: "HB", testName: "Haemoglobin" }));
    const resulted = await created(recordResult(doctor.client, done.id, { value: "13", unit: "g/dL" }));

    const cancelled = await setEncounterStatus(doctor.client, encounter.id, "cancelled");
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    const items = (await listOrders(doctor.client, encounter.patientId)).body.items;
    expect(items).toEqual([
      resulted,
      {
        ...pending,
        status: "cancelled",
        cancelledAt: expect.any(String),
        cancelledBy: doctor.user.id,
        cancelReason: "encounter cancelled",
      },
    ]);
    expect((await orderTest(doctor.client, encounter.id, { testCode: "FBC", testName: "Full blood count" })).status).toBe(409);
  });

  it("cancels the orders inside the encounter's write: if that write is refused later, they stay pending", async () => {
    // Another plug, subscribed after lab, refuses the close after lab's handler cancelled the orders in
    // the same transaction. (It cannot read lab's tables: each plug's role reaches only its own schema.)
    const keeper = definePlug({
      package: { name: "@care-test/keeper", version: "0.1.0", care: { plug: { id: "keeper", core: ">=0.1.0", contract: "^1.0.0" } } },
      on: {
        "encounter.closed": {
          mode: "inTransaction",
          handle: async ({ encounter }) => {
            if (encounter.status === "cancelled") veto("encounters are never cancelled here");
          },
        },
      },
    });
    const { encounter, doctor } = await start({}, [keeper]);
    const order = await created(orderTest(doctor.client, encounter.id, { testCode: "FBC", testName: "Full blood count" }));
    const refused = await setEncounterStatus(doctor.client, encounter.id, "cancelled");
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe("encounters are never cancelled here");
    expect((await listOrders(doctor.client, encounter.patientId)).body.items).toEqual([order]);
    expect((await encounterOf(doctor.client, encounter.id)).status).toBe("in_progress");
  });

  it("does not block encounters without orders, nor other encounters of the patient", async () => {
    const { encounter, patient, doctor } = await start();
    const other = await created(
      deployment.admin.post("/api/v1/encounters", { patientId: patient.id, kind: "outpatient", status: "in_progress" }),
    );
    await created(orderTest(doctor.client, other.id, { testCode: "FBC", testName: "Full blood count" }));
    expect((await setEncounterStatus(doctor.client, encounter.id, "finished")).status).toBe(200);
    expect((await setEncounterStatus(doctor.client, other.id, "finished")).status).toBe(409);
  });

  it("with blockFinishWhilePending off, finishes with pending orders and takes their results later", async () => {
    const { encounter, doctor } = await start({ blockFinishWhilePending: false });
    const order = await created(orderTest(doctor.client, encounter.id, { testCode: "TSH", testName: "Thyroid stimulating hormone" }));
    expect((await setEncounterStatus(doctor.client, encounter.id, "finished")).status).toBe(200);
    const late = await created(recordResult(doctor.client, order.id, { value: 2.1, unit: "mIU/L" }));
    expect(late).toMatchObject({ status: "resulted", result: { value: "2.1" } });
  });
});
