import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { badRequest, env, httpError, notFound, plugTypes, secret } from "../src/index.js";
import { captureLogs, startTestDeployment, type TestDeployment } from "../src/testing/index.js";

const token = "sms-provider-token-31337";

/** A plug answering its callers with the SDK's helpers, and once with a plain Error that quotes its secret. */
const smsConfig = z.object({ provider: z.object({ token: secret(z.string()) }) });
const kit = plugTypes<{ config: typeof smsConfig }>();
const nothing = { responses: { 200: z.object({}) } };
const sms = kit.define({
  package: { name: "@kit/sms", version: "1.0.0", care: { plug: { id: "sms", core: "*", contract: "^1.0.0" } } },
  config: smsConfig,
  routes: [
    kit.route.get("/quota", { summary: "Quota", ...nothing }, async () => {
      throw httpError(429, "sms_quota_exceeded", "today's SMS quota is used up; messages are sent again tomorrow");
    }),
    kit.route.post("/send", { summary: "Send", ...nothing }, async () => {
      const problem = { path: "to", message: "not a phone number" };
      throw badRequest("sms_recipient_invalid", "recipient must be a phone number in international form, like +255700000001", [problem]);
    }),
    kit.route.get("/messages/:id", { summary: "A message", params: z.object({ id: z.string() }), ...nothing }, async ({ params }) => {
      throw notFound("message", params.id);
    }),
    kit.route.get("/leak", { summary: "Leak", ...nothing }, async (_input, context) => {
      throw Object.assign(new Error(`provider said no to ${context.config.provider.token}`), { statusCode: 400 });
    }),
  ],
});

describe("the SDK's HTTP error helpers", () => {
  let deployment: TestDeployment;
  const logs = captureLogs();
  beforeAll(async () => {
    deployment = await startTestDeployment({
      plugs: [{ plug: sms, configs: { provider: { token: env("SMS_TOKEN") } } }],
      env: { SMS_TOKEN: token },
      logger: logs.logger,
    });
  });
  afterAll(() => deployment?.close());

  it("answer the caller with their status, code, message and details", async () => {
    const quota = await deployment.admin.get("/api/plugs/sms/quota");
    expect(quota.status).toBe(429);
    expect(quota.body).toEqual({
      error: { code: "sms_quota_exceeded", message: "today's SMS quota is used up; messages are sent again tomorrow", details: [] },
    });
    const send = await deployment.admin.post("/api/plugs/sms/send", {});
    expect(send.status).toBe(400);
    expect(send.body).toMatchObject({ error: { code: "sms_recipient_invalid", details: [{ path: "to", message: "not a phone number" }] } });
    const missing = await deployment.admin.get("/api/plugs/sms/messages/42");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "not_found", message: "message 42 was not found" } });
  });

  it("are the only way a plug's message reaches the caller: a plain Error is 500 plug_error, logged without the secret", async () => {
    const leak = await deployment.admin.get("/api/plugs/sms/leak");
    expect(leak.status).toBe(500);
    expect(leak.body).toMatchObject({ error: { code: "plug_error", details: [{ path: "plug", message: "sms" }] } });
    expect(JSON.stringify(leak.body)).not.toContain(token);
    expect(logs.text()).toContain("provider said no to [secret]");
    expect(logs.text()).not.toContain(token);
  });

  it("refuse a status or code that is not an HTTP error's, when the plug makes it", () => {
    expect(() => httpError(500, "oops", "x")).toThrow(/status is 400-599 other than 500/);
    expect(() => httpError(400, "Bad Thing", "x")).toThrow(/lower case letters, digits and '_'/);
  });
});
