import { startTestDeployment, type TestDeployment } from "@care/plug-sdk/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./fake-provider.js";
import {
  apiKey,
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

describe("notify: visit messages through the provider", () => {
  let provider: FakeProvider;
  let deployment: TestDeployment;
  let log: ReturnType<typeof memoryLogger>;
  let facilityId: string;

  const start = async (configs: Record<string, unknown> = {}) => {
    log = memoryLogger();
    deployment = await startTestDeployment({ plugs: [notifyPlug(configs)], env: providerEnv(provider), logger: log.logger });
    facilityId = await createFacility(deployment.admin);
  };
  beforeEach(async () => {
    provider = await startFakeProvider();
  });
  afterEach(async () => {
    await deployment?.close();
    await provider.close();
  });

  it("sends each start and end exactly once as accepted, though every first try gets a 503", async () => {
    await start();
    const phones = ["+255700000001", "+255700000002", "+255700000003"];
    const encounters: string[] = [];
    for (const phone of phones)
      encounters.push(await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, phone)));
    await setStatus(deployment.admin, encounters[0]!, "finished");
    await setStatus(deployment.admin, encounters[1]!, "cancelled");
    await deployment.deliveries();

    const keys = await notifyEventIds(deployment);
    expect(keys).toHaveLength(5);
    expectAcceptedOnce(provider, keys);
    // Each message was tried twice: the 503, then the 200; no replay was needed.
    for (const key of keys)
      expect(provider.requests.filter((request) => request.key === key).map((request) => request.answer)).toEqual([503, 200]);
    expect(provider.requests.some((request) => request.replay)).toBe(false);

    for (const request of provider.requests) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/v1/messages");
      expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(Object.keys(request.body).sort()).toEqual(["message", "sender", "to"]);
      expect(request.body.sender).toBe("Clinic");
    }
    const sent = [...provider.accepted.values()].map((entry) => `${entry.body.to}: ${entry.body.message}`).sort();
    expect(sent).toEqual([
      "+255700000001: Your visit at North Clinic has ended.",
      "+255700000001: Your visit at North Clinic has started.",
      "+255700000002: Your visit at North Clinic has started.",
      "+255700000002: Your visit at North Clinic was cancelled.",
      "+255700000003: Your visit at North Clinic has started.",
    ]);

    const rows = await messageRows(deployment);
    expect(rows.map((row) => row.event_id).sort()).toEqual([...keys].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: "sent", attempts: 2, provider_status: 200, facility_id: facilityId, error: null });
      expect(row.provider_message_id).toBe(provider.accepted.get(row.event_id)!.id);
      expect(row.sent_at).not.toBeNull();
    }
    const outbox = await deployment.database.db
      .selectFrom("care_system.outbox")
      .select(["status", "attempts"])
      .where("subscriber", "=", "notify")
      .execute();
    expect(outbox.every((row) => row.status === "delivered" && row.attempts === 2)).toBe(true);
  });

  it("says a planned visit is booked", async () => {
    provider.setPolicy(() => "accept");
    await start();
    await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, "+255700000009"), "planned");
    await deployment.deliveries();
    expect([...provider.accepted.values()].map((entry) => entry.body.message)).toEqual(["Your visit at North Clinic is booked."]);
  });

  it("does nothing when a settled event is delivered again", async () => {
    await start();
    const encounterId = await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, "+255700000004"));
    await setStatus(deployment.admin, encounterId, "finished");
    await deployment.deliveries();
    const before = provider.requests.length;

    // At-least-once delivery may hand the plug the same event again (e.g. its instance died after
    // the handler finished but before the outbox row was marked delivered).
    await deployment.database.db
      .updateTable("care_system.outbox")
      .set({ status: "pending", next_attempt_at: new Date(0) })
      .execute();
    await deployment.deliveries();

    expect(provider.requests.length).toBe(before);
    expectAcceptedOnce(provider, await notifyEventIds(deployment));
    expect(await messageRows(deployment)).toHaveLength(2);
  });

  it("relies on the Idempotency-Key when the provider's answer is lost after it accepted", async () => {
    provider.setPolicy((_key, tryNumber) => (tryNumber === 1 ? "accept-then-drop" : "accept"));
    await start();
    await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, "+255700000005"));
    await deployment.deliveries();

    const [key] = await notifyEventIds(deployment);
    const tries = provider.requests.filter((request) => request.key === key);
    expect(tries.map((request) => [request.answer, request.replay])).toEqual([
      ["dropped", false],
      [200, true],
    ]);
    // Sent to the phone once; the 2xx that reached the plug was the replay of that one acceptance.
    expectAcceptedOnce(provider, [key!]);
    const [row] = await messageRows(deployment);
    expect(row).toMatchObject({ status: "sent", attempts: 2, provider_message_id: provider.accepted.get(key!)!.id });
  });

  it("retries after a 429 and after a provider that does not answer in time", async () => {
    provider.setPolicy((_key, tryNumber) => (tryNumber === 1 ? "rate-limited" : tryNumber === 2 ? "hang" : "accept"));
    await start({ REQUEST_TIMEOUT_MS: 200 });
    await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, "+255700000006"));
    await deployment.deliveries();

    const [key] = await notifyEventIds(deployment);
    expect(provider.requests.map((request) => request.answer)).toEqual([429, "dropped", 200]);
    expectAcceptedOnce(provider, [key!]);
    expect((await messageRows(deployment))[0]).toMatchObject({ status: "sent", attempts: 3 });
    const warnings = log.lines.map((line) => JSON.parse(line)).filter((line) => line.level === 40 && line.eventId === key);
    expect(warnings.map((line) => line.err?.message)).toEqual([
      "the SMS provider is rate limiting (429); will retry",
      "the SMS provider could not be reached: no answer within 200 ms",
    ]);
  });

  it("records a 4xx answer as rejected, logs it, and does not retry", async () => {
    provider.setPolicy(() => "reject");
    await start();
    await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, "+2557"));
    await deployment.deliveries();

    expect(provider.requests.map((request) => request.answer)).toEqual([400]);
    const [row] = await messageRows(deployment);
    // The provider echoed the Authorization header in its reason; the key is cut out before it is kept.
    expect(row).toMatchObject({ status: "rejected", attempts: 1, provider_status: 400, sent_at: null, recipient: "+2557" });
    expect(row!.error).toBe("invalid recipient; request carried Bearer [secret]");
    const outbox = await deployment.database.db.selectFrom("care_system.outbox").select(["status", "attempts"]).execute();
    expect(outbox.filter((entry) => entry.status !== "delivered")).toEqual([]);
    const warning = log.lines.map((line) => JSON.parse(line)).find((line) => line.msg?.includes("rejected a visit message"));
    expect(warning).toMatchObject({
      level: 40,
      plug: "notify",
      providerStatus: 400,
      reason: "invalid recipient; request carried Bearer [secret]",
    });
  });

  it("skips a patient without a phone, without calling the provider", async () => {
    await start();
    const patientId = await registerPatient(deployment.admin, facilityId, undefined, "Baraka");
    const encounterId = await openEncounter(deployment.admin, patientId);
    await setStatus(deployment.admin, encounterId, "finished");
    await deployment.deliveries();

    expect(provider.requests).toEqual([]);
    const rows = await messageRows(deployment);
    expect(rows.map((row) => [row.signal, row.status, row.recipient, row.attempts])).toEqual(
      expect.arrayContaining([
        ["encounter.created", "skipped", null, 1],
        ["encounter.closed", "skipped", null, 1],
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it("records messages as skipped and calls no provider while disabled, with no provider configured", async () => {
    log = memoryLogger();
    deployment = await startTestDeployment({
      plugs: [{ plug: notifyPlug().plug, configs: { ENABLED: false } }],
      env: {},
      logger: log.logger,
    });
    facilityId = await createFacility(deployment.admin);
    const patientId = await registerPatient(deployment.admin, facilityId, "+255700000001", "Zuri");
    await openEncounter(deployment.admin, patientId);
    await deployment.deliveries();

    expect(provider.requests).toEqual([]);
    const rows = await messageRows(deployment);
    expect(rows.map((row) => [row.signal, row.status, row.error])).toEqual([
      ["encounter.created", "skipped", "notifications are disabled (ENABLED is false)"],
    ]);
  });

  it("cuts a message to MESSAGE_MAX_LENGTH", async () => {
    provider.setPolicy(() => "accept");
    await start({ MESSAGE_MAX_LENGTH: 40 });
    const longName = await createFacility(deployment.admin, "Saint Elizabeth Regional Referral Hospital of the Lake Zone");
    await openEncounter(deployment.admin, await registerPatient(deployment.admin, longName, "+255700000007"));
    await deployment.deliveries();

    const [message] = [...provider.accepted.values()].map((entry) => entry.body.message!);
    // Cut at 40 characters, without a space before the ellipsis.
    expect(message).toBe("Your visit at Saint Elizabeth Regional…");
    expect(Array.from(message!).length).toBeLessThanOrEqual(40);
  });

  it("uses the defaults when a deployment sets only the provider", async () => {
    provider.setPolicy(() => "accept");
    log = memoryLogger();
    deployment = await startTestDeployment({
      plugs: [
        { plug: notifyPlug().plug, configs: { SERVICE_URL: provider.url, SERVICE_API_KEY: { kind: "env", name: "NOTIFY_API_KEY" } } },
      ],
      env: { NOTIFY_API_KEY: apiKey },
      logger: log.logger,
    });
    facilityId = await createFacility(deployment.admin);
    await openEncounter(deployment.admin, await registerPatient(deployment.admin, facilityId, "+255700000008"));
    await deployment.deliveries();
    expect([...provider.accepted.values()].map((entry) => entry.body.sender)).toEqual(["Care"]);
    // A secret field's value comes from the environment (a literal is refused); the log shows it as [secret].
    const configured = log.lines.map((line) => JSON.parse(line)).find((line) => line.msg === "plug notify 0.1.0 configured");
    expect(configured.config).toEqual({
      ENABLED: true,
      SERVICE_URL: provider.url,
      SERVICE_API_KEY: "[secret]",
      SENDER: "Care",
      MESSAGE_MAX_LENGTH: 160,
      REQUEST_TIMEOUT_MS: 5000,
    });
    expect(log.lines.join("\n")).not.toContain(apiKey);
  });
});

describe("notify: GET /api/plugs/notify/messages", () => {
  let provider: FakeProvider;
  let deployment: TestDeployment;
  beforeEach(async () => {
    provider = await startFakeProvider(() => "accept");
    deployment = await startTestDeployment({ plugs: [notifyPlug()], env: providerEnv(provider) });
  });
  afterEach(async () => {
    await deployment.close();
    await provider.close();
  });

  it("lists a patient's messages to staff of the patient's facility only", async () => {
    const north = await createFacility(deployment.admin);
    const south = await createFacility(deployment.admin, "South Clinic");
    const patientId = await registerPatient(deployment.admin, north, "+255711111111");
    const otherPatient = await registerPatient(deployment.admin, north, "+255722222222", "Baraka");
    const encounterId = await openEncounter(deployment.admin, patientId);
    await setStatus(deployment.admin, encounterId, "finished");
    await openEncounter(deployment.admin, otherPatient);
    await deployment.deliveries();

    const { client: nurse } = await deployment.userClient(["nurse"], [north]);
    const { status, body } = await nurse.get(`/api/plugs/notify/messages?patientId=${patientId}`);
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        signal: "encounter.created",
        encounterId,
        recipient: "+255711111111",
        message: "Your visit at North Clinic has started.",
        status: "sent",
        attempts: 1,
        providerStatus: 200,
      }),
      expect.objectContaining({
        signal: "encounter.closed",
        encounterId,
        message: "Your visit at North Clinic has ended.",
        status: "sent",
      }),
    ]);
    expect(body.items[0].providerMessageId).toMatch(/^msg_/);
    expect(new Date(body.items[0].sentAt).toString()).not.toBe("Invalid Date");

    expect((await deployment.anonymous.get(`/api/plugs/notify/messages?patientId=${patientId}`)).status).toBe(401);
    const { client: stranger } = await deployment.userClient(["nurse"], [south]);
    const refused = await stranger.get(`/api/plugs/notify/messages?patientId=${patientId}`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain("+255711111111");

    const invalid = await nurse.get("/api/plugs/notify/messages?patientId=nope");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error ?? invalid.body).toMatchObject({ code: "validation_failed" });
    expect((await nurse.get("/api/plugs/notify/messages")).status).toBe(400);
  });
});
