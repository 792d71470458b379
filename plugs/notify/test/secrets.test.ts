import { startTestDeployment } from "@care/plug-sdk/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./fake-provider.js";
import {
  apiKey,
  createFacility,
  memoryLogger,
  messageRows,
  notifyPlug,
  openEncounter,
  providerEnv,
  registerPatient,
  setStatus,
} from "./helpers.js";

describe("notify: the API key stays secret", () => {
  let provider: FakeProvider;
  beforeEach(async () => {
    provider = await startFakeProvider();
  });
  afterEach(() => provider.close());

  it("never shows in logs, /health, the table, the outbox or the messages route", async () => {
    // 503s (logged as retries), a rejection (whose body echoes the Authorization header) and sends.
    provider.setPolicy((key, tryNumber) => (tryNumber === 1 ? "unavailable" : key === rejectedKey ? "reject" : "accept"));
    let rejectedKey: string | undefined;
    const log = memoryLogger();
    const deployment = await startTestDeployment({ plugs: [notifyPlug()], env: providerEnv(provider), logger: log.logger });
    try {
      const facilityId = await createFacility(deployment.admin);
      const patientId = await registerPatient(deployment.admin, facilityId, "+255733333333");
      const encounterId = await openEncounter(deployment.admin, patientId);
      await setStatus(deployment.admin, encounterId, "finished");
      rejectedKey = (
        await deployment.database.db
          .selectFrom("care_system.outbox")
          .select("event_id")
          .where("signal", "=", "encounter.closed")
          .executeTakeFirstOrThrow()
      ).event_id;
      await deployment.deliveries();

      // The run did what the search below relies on: retries and a rejection were logged.
      expect(provider.requests.every((request) => request.headers.authorization === `Bearer ${apiKey}`)).toBe(true);
      expect(provider.requests.some((request) => request.rawBody.length > 0 && request.answer === 503)).toBe(true);
      const text = log.lines.join("\n");
      expect(text).toContain("will retry");
      expect(text).toContain("rejected a visit message");
      expect(text).toContain("[secret]");
      expect(text).not.toContain(apiKey);

      const health = await deployment.anonymous.get("/health");
      expect(health.status).toBe(200);
      expect(health.body.plugs).toEqual([{ id: "notify", version: "0.1.0", state: "started" }]);
      expect(JSON.stringify(health)).not.toContain(apiKey);

      const listed = await deployment.admin.get(`/api/plugs/notify/messages?patientId=${patientId}`);
      expect(listed.body.items.map((item: { status: string }) => item.status)).toEqual(["sent", "rejected"]);
      expect(JSON.stringify(listed)).not.toContain(apiKey);

      expect(JSON.stringify(await messageRows(deployment))).not.toContain(apiKey);
      const outbox = await deployment.database.db.selectFrom("care_system.outbox").selectAll().execute();
      expect(JSON.stringify(outbox)).not.toContain(apiKey);
    } finally {
      await deployment.close();
    }
  });

  it("refuses to start without SERVICE_URL, naming the plug and key but not the API key", async () => {
    const attempt = startTestDeployment({ plugs: [notifyPlug()], env: { NOTIFY_API_KEY: apiKey } });
    const error = await attempt.then(
      () => undefined,
      (reason: Error) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/plug notify: config SERVICE_URL: .*\(set environment variable NOTIFY_URL\)/);
    expect(error!.message).not.toMatch(/SERVICE_API_KEY/);
    expect(`${error!.message}\n${error!.stack}\n${JSON.stringify(error)}`).not.toContain(apiKey);
  });

  it("refuses to start without the key's environment variable, naming it", async () => {
    await expect(startTestDeployment({ plugs: [notifyPlug()], env: { NOTIFY_URL: provider.url } })).rejects.toThrow(
      /plug notify: config SERVICE_API_KEY: .*\(set environment variable NOTIFY_API_KEY\)/,
    );
  });

  it("refuses a malformed key without echoing it, and an unbounded limit", async () => {
    const shortKey = "k3y!";
    const error = await startTestDeployment({
      plugs: [notifyPlug({ MESSAGE_MAX_LENGTH: 100_000, REQUEST_TIMEOUT_MS: 0 })],
      env: { NOTIFY_URL: "ftp://127.0.0.1/", NOTIFY_API_KEY: shortKey },
    }).then(
      () => undefined,
      (reason: Error) => reason,
    );
    expect(error!.message).toContain(
      "[config_value_invalid] plug notify: config SERVICE_API_KEY: " +
        "must be at least 8 characters (from environment variable NOTIFY_API_KEY)",
    );
    expect(error!.message).toContain("plug notify: config SERVICE_URL:");
    expect(error!.message).toMatch(/plug notify: config MESSAGE_MAX_LENGTH: .*1600/);
    expect(error!.message).toMatch(/plug notify: config REQUEST_TIMEOUT_MS: .*100/);
    expect(error!.message).not.toContain(shortKey);
  });

  it("refuses a misspelt setting instead of ignoring it", async () => {
    await expect(startTestDeployment({ plugs: [notifyPlug({ MESSAGE_MAX_LENTH: 40 })], env: providerEnv(provider) })).rejects.toThrow(
      /plug notify: config MESSAGE_MAX_LENTH: is not a setting of this plug; its settings are ENABLED, SERVICE_URL, /,
    );
  });
});
