import { definePlug } from "@care/plug-sdk";
import { startTestDeployment, type TestClient, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import lab from "../src/index.js";
import { cancelOrder, clinic, created, listOrders, orderTest, recordResult } from "./support.js";

describe("lab orders over HTTP", () => {
  let deployment: TestDeployment;
  let north: Awaited<ReturnType<typeof clinic>>;
  let doctor: { user: { id: string }; client: TestClient };
  beforeEach(async () => {
    deployment = await startTestDeployment({ plugs: [lab] });
    north = await clinic(deployment);
    doctor = await deployment.userClient(["doctor"], [north.facility.id]);
  });
  afterEach(() => deployment.close());

  it("orders tests, records a result with its flag, and lists the patient's orders with results", async () => {
    const fbc = await created(
      orderTest(doctor.client, north.encounter.id, { testCode: "fbc", testName: "Full blood count", priority: "urgent" }),
    );
    expect(fbc).toEqual({
      id: expect.any(String),
      patientId: north.patient.id,
      encounterId: north.encounter.id,
      facilityId: north.facility.id,
      testCode: "FBC",
      testName: "Full blood count",
      priority: "urgent",
      status: "pending",
      orderedBy: doctor.user.id,
      orderedAt: expect.any(String),
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
      result: null,
    });
    const hb = await created(orderTest(doctor.client, north.encounter.id, { testCode: "HB", testName: "Haemoglobin" }));
    expect(hb.priority).toBe("routine");

    const resulted = await created(recordResult(doctor.client, hb.id, { value: 9.1, unit: "g/dL", referenceRange: { low: 12, high: 16 } }));
    expect(resulted).toEqual({
      ...hb,
      status: "resulted",
      result: {
        id: expect.any(String),
        value: "9.1",
        unit: "g/dL",
        referenceRange: { low: 12, high: 16 },
        flag: "low",
        recordedBy: doctor.user.id,
        recordedAt: expect.any(String),
      },
    });

    const list = await listOrders(doctor.client, north.patient.id);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([resulted, fbc]);
    expect((await listOrders(doctor.client, north.patient.id, "?status=pending")).body.items).toEqual([fbc]);
    expect((await doctor.client.get(`/api/plugs/lab/orders/${hb.id}`)).body).toEqual(resulted);
  });

  it("flags a numeric value against its range, keeps a finding as given, and takes an explicit flag", async () => {
    const result = async (body: Record<string, unknown>) => {
      const order = await created(orderTest(doctor.client, north.encounter.id, { testCode: "X1", testName: "Test" }));
      return (await created(recordResult(doctor.client, order.id, body))).result;
    };
    expect((await result({ value: "14.2", referenceRange: { low: 12, high: 16 } })).flag).toBe("normal");
    expect((await result({ value: 250, referenceRange: { high: 200 } })).flag).toBe("high");
    expect(await result({ value: "positive" })).toMatchObject({ value: "positive", unit: null, referenceRange: null, flag: null });
    expect((await result({ value: 31, referenceRange: { low: 3.5, high: 5.1 }, flag: "critical" })).flag).toBe("critical");
  });

  it("cancels a pending order; a resulted or cancelled order is neither resulted nor cancelled again", async () => {
    const order = await created(orderTest(doctor.client, north.encounter.id, { testCode: "CRP", testName: "C-reactive protein" }));
    const cancelled = await cancelOrder(doctor.client, order.id, { reason: "ordered twice" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({
      ...order,
      status: "cancelled",
      cancelledAt: expect.any(String),
      cancelledBy: doctor.user.id,
      cancelReason: "ordered twice",
    });

    const resultOnCancelled = await recordResult(doctor.client, order.id, { value: "3" });
    expect(resultOnCancelled.status).toBe(409);
    expect(resultOnCancelled.body.error.message).toMatch(/is cancelled/);
    expect((await cancelOrder(doctor.client, order.id)).status).toBe(409);

    const other = await created(orderTest(doctor.client, north.encounter.id, { testCode: "CRP", testName: "C-reactive protein" }));
    await created(recordResult(doctor.client, other.id, { value: "3", unit: "mg/L" }));
    const second = await recordResult(doctor.client, other.id, { value: "4", unit: "mg/L" });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual([{ path: "(order)", message: "this order already has a result" }]);
    expect((await cancelOrder(doctor.client, other.id)).status).toBe(409);
    const [stored] = (await listOrders(doctor.client, north.patient.id, "?status=resulted")).body.items;
    expect(stored.result.value).toBe("3");
  });

  it("takes orders only for an open encounter", async () => {
    expect((await deployment.admin.patch(`/api/v1/encounters/${north.encounter.id}`, { status: "finished" })).status).toBe(200);
    const refused = await orderTest(doctor.client, north.encounter.id, { testCode: "FBC", testName: "Full blood count" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/is finished/);
    expect((await listOrders(doctor.client, north.patient.id)).body.items).toEqual([]);
  });

  it("answers 401 to callers without a token, on every route", async () => {
    const order = await created(orderTest(doctor.client, north.encounter.id, { testCode: "FBC", testName: "Full blood count" }));
    const anonymous = deployment.anonymous;
    const answers = [
      await orderTest(anonymous, north.encounter.id, { testCode: "FBC", testName: "Full blood count" }),
      await recordResult(anonymous, order.id, { value: "1" }),
      await cancelOrder(anonymous, order.id),
      await anonymous.get(`/api/plugs/lab/orders/${order.id}`),
      await listOrders(anonymous, north.patient.id),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(JSON.stringify(answers.map((answer) => answer.body))).not.toContain("FBC");
    expect((await listOrders(doctor.client, north.patient.id)).body.items).toEqual([order]);
  });

  it("answers 404 with no data to staff of another facility, and changes nothing", async () => {
    const order = await created(orderTest(doctor.client, north.encounter.id, { testCode: "HIV", testName: "HIV rapid test" }));
    const south = await created(deployment.admin.post("/api/v1/facilities", { name: "South", kind: "clinic" }));
    const { client: stranger } = await deployment.userClient(["doctor"], [south.id]);

    const answers = [
      await listOrders(stranger, north.patient.id),
      await stranger.get(`/api/plugs/lab/orders/${order.id}`),
      await orderTest(stranger, north.encounter.id, { testCode: "FBC", testName: "Full blood count" }),
      await recordResult(stranger, order.id, { value: "positive" }),
      await cancelOrder(stranger, order.id, { reason: "not mine" }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);
    expect(answers.map((answer) => answer.body.error.code)).toEqual(["not_found", "not_found", "not_found", "not_found", "not_found"]);
    const text = JSON.stringify(answers.map((answer) => answer.body));
    // Only the ids the stranger sent come back; nothing about the patient, the order or the facility.
    for (const secret of ["Neema", "HIV", "positive", "pending", north.facility.id, doctor.user.id]) expect(text).not.toContain(secret);
    // An order the stranger may not see reads like one that does not exist.
    const missing = await stranger.get(`/api/plugs/lab/orders/00000000-0000-7000-8000-000000000000`);
    expect(answers[1]!.body.error.message).toBe(missing.body.error.message.replace("00000000-0000-7000-8000-000000000000", order.id));

    expect((await listOrders(doctor.client, north.patient.id)).body.items).toEqual([order]);
  });

  it("answers 400 naming each bad field, and 404 for ids that are not ids", async () => {
    const badOrder = await orderTest(doctor.client, north.encounter.id, { testCode: "F B C", testName: 7, priority: "soon", extra: true });
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.error.code).toBe("validation_failed");
    expect(badOrder.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      "extra",
      "priority",
      "testCode",
      "testName",
    ]);
    expect(badOrder.body.error.message).toMatch(/^invalid request body: /);

    const missing = await orderTest(doctor.client, north.encounter.id, {});
    expect(missing.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(["testCode", "testName"]);

    const order = await created(orderTest(doctor.client, north.encounter.id, { testCode: "K", testName: "Potassium" }));
    const badResult = await recordResult(doctor.client, order.id, {
      value: "",
      unit: "x".repeat(40),
      referenceRange: { low: 5.1, high: 3.5 },
      flag: "odd",
    });
    expect(badResult.status).toBe(400);
    expect(badResult.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      "flag",
      "referenceRange.high",
      "unit",
      "value",
    ]);
    expect((await recordResult(doctor.client, order.id, { value: 4, referenceRange: {} })).body.error.details).toEqual([
      { path: "referenceRange", message: "give low, high or both" },
    ]);
    expect(
      (await cancelOrder(doctor.client, order.id, { reason: "" })).body.error.details.map((detail: { path: string }) => detail.path),
    ).toEqual(["reason"]);
    const badQuery = await listOrders(doctor.client, north.patient.id, "?status=lost");
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(["status"]);

    // Nothing was written by the refused requests.
    expect((await listOrders(doctor.client, north.patient.id)).body.items).toEqual([order]);

    expect((await listOrders(doctor.client, "not-a-uuid")).status).toBe(404);
    expect((await recordResult(doctor.client, "not-a-uuid", { value: "1" })).status).toBe(404);
    expect((await orderTest(doctor.client, "not-a-uuid", { testCode: "K", testName: "Potassium" })).status).toBe(404);
  });

  it("emits lab.result_recorded for plugs that depend on lab", async () => {
    await deployment.close();
    const received: unknown[] = [];
    const listener = definePlug({
      package: {
        name: "@care-test/lab-listener",
        version: "0.1.0",
        care: { plug: { id: "lab_listener", core: ">=0.1.0", contract: "^1.0.0", dependencies: { lab: "^1.2.0" } } },
      },
      onPlugSignals: { "lab.result_recorded": { mode: "durable", handle: (payload) => void received.push(payload) } },
    });
    deployment = await startTestDeployment({ plugs: [lab, listener] });
    north = await clinic(deployment);
    const order = await created(orderTest(deployment.admin, north.encounter.id, { testCode: "glu", testName: "Glucose" }));
    const { result } = await created(
      recordResult(deployment.admin, order.id, { value: "5.4", unit: "mmol/L", referenceRange: { low: 3.9, high: 7.8 } }),
    );
    await deployment.deliveries();
    const admin = await deployment.database.db
      .selectFrom("core.users")
      .select("id")
      .where("username", "=", "admin")
      .executeTakeFirstOrThrow();
    expect(received).toEqual([
      {
        orderId: order.id,
        patientId: north.patient.id,
        encounterId: north.encounter.id,
        facilityId: north.facility.id,
        testCode: "GLU",
        testName: "Glucose",
        value: "5.4",
        unit: "mmol/L",
        flag: "normal",
        recordedBy: admin.id,
        recordedAt: result.recordedAt,
      },
    ]);
  });
});
