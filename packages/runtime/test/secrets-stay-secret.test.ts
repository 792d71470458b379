import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/tooling.js";
import { markCallerError } from "@care/plug-api";
import { secret } from "@care/plug-api";
import { route } from "./untyped-route.js";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";

// Each value is what a site would put in its environment; quotes and backslashes are escaped in a JSON line.
const apiKey = "sk-live-nested-0042";
const webhookToken = 'tok"with\\quote-77';
const regionFromEnv = "eu-west-clinic-9";
const everySecret = [apiKey, webhookToken, regionFromEnv];

/** A plug with secrets nested in an object and an array, that does what a careless plug does with them. */
const leakyPlug = () =>
  fixturePlug({
    id: "leaky",
    config: z.object({
      provider: z.object({ url: z.string(), apiKey: secret(z.string().min(8)) }),
      webhooks: z.array(z.object({ name: z.string(), token: secret(z.string()) })).default([]),
      region: z.string(),
    }),
    hooks: {
      start: (context) => {
        context.logger.debug({ config: context.config }, "configured");
        context.logger.info(`calling ${(context.config as { provider: { apiKey: string } }).provider.apiKey}`);
      },
    },
    health: (context) => {
      throw new Error(`provider refused key ${(context.config as { provider: { apiKey: string } }).provider.apiKey}`);
    },
    routes: [
      route.get("/careless", async (_request, _reply, context) => {
        // A caller error by its status code, but not made with the SDK's helpers: its message stays in the log.
        throw Object.assign(new Error(`refused with ${(context.config as { provider: { apiKey: string } }).provider.apiKey}`), {
          statusCode: 400,
        });
      }),
      route.get("/careful", async () => {
        throw markCallerError(new Error("the provider's daily quota is used up; try again tomorrow"), 429, "provider_quota_exceeded");
      }),
      route.get("/quoting", async (_request, _reply, context) => {
        throw markCallerError(
          new Error(`bad token ${(context.config as { webhooks: Array<{ token: string }> }).webhooks[0]!.token}`),
          400,
          "bad_token",
        );
      }),
    ],
  });

const configs = {
  provider: { url: "https://sms.example", apiKey: { kind: "env", name: "LEAKY_API_KEY" } },
  webhooks: [{ name: "lab", token: { kind: "env", name: "LEAKY_WEBHOOK_TOKEN" } }],
  region: { kind: "env", name: "LEAKY_REGION" },
};
const env = { LEAKY_API_KEY: apiKey, LEAKY_WEBHOOK_TOKEN: webhookToken, LEAKY_REGION: regionFromEnv };

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

const leaked = (text: string) => everySecret.filter((value) => text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1)));

describe("a started deployment whose plug holds nested secrets", () => {
  const log = capture();
  let booted: Awaited<ReturnType<typeof bootPlugs>>;
  beforeAll(async () => {
    const logger = await createLogger("debug", "secrets", { destination: log.destination, pretty: false });
    booted = await bootPlugs([{ plug: await leakyPlug(), configs }], { env, logger });
  });
  afterAll(() => booted?.close());

  it("logs its config, at debug and by its own logger, with every secret replaced", () => {
    const text = log.lines.join("");
    const configured = log.lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "configured");
    expect(configured.config).toEqual({
      provider: { url: "https://sms.example", apiKey: "[secret]" },
      webhooks: [{ name: "lab", token: "[secret]" }],
      region: "[secret]",
    });
    expect(text).toContain("calling [secret]");
    expect(leaked(text)).toEqual([]);
  });

  it("answers a plug's own error (status code or not) with plug_error and a request id, and logs it redacted", async () => {
    const response = await booted.app.inject({
      method: "GET",
      url: "/api/plugs/leaky/careless",
      headers: { authorization: `Bearer ${await booted.token()}` },
    });
    expect(response.statusCode).toBe(500);
    const body = response.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe("plug_error");
    expect(body.error.message).toMatch(/^plug leaky failed on this request; quote request id \S+ when reporting it$/);
    const requestId = body.error.message.split("request id ")[1]!.split(" ")[0]!;
    const logged = log.lines.find((line) => line.includes("refused with") && line.includes(`"reqId":"${requestId}"`));
    expect(logged).toContain("refused with [secret]");
    expect(leaked(response.body + log.lines.join(""))).toEqual([]);
  });

  it("answers an error made with the SDK's HTTP error helpers with its status, code and message, cleaned of secrets", async () => {
    const authorization = `Bearer ${await booted.token()}`;
    const careful = await booted.app.inject({ method: "GET", url: "/api/plugs/leaky/careful", headers: { authorization } });
    expect(careful.statusCode).toBe(429);
    expect(careful.json()).toEqual({
      error: { code: "provider_quota_exceeded", message: "the provider's daily quota is used up; try again tomorrow", details: [] },
    });
    const quoting = await booted.app.inject({ method: "GET", url: "/api/plugs/leaky/quoting", headers: { authorization } });
    expect(quoting.statusCode).toBe(400);
    expect(quoting.json().error).toMatchObject({ code: "bad_token", message: "bad token [secret]" });
  });

  it("shows a failing health() in /health and /health/ready without the secret its error quotes", async () => {
    for (const url of ["/health", "/health/ready"]) {
      const response = await booted.app.inject({ method: "GET", url });
      expect(response.json().plugs[0].health).toMatchObject({ status: "failing", reason: "provider refused key [secret]" });
      expect(leaked(response.body)).toEqual([]);
    }
    expect(leaked(log.lines.join(""))).toEqual([]);
  });
});

describe("the logger", () => {
  it("cleans pretty lines too, at every level", async () => {
    const log = capture();
    const logger = await createLogger("trace", "secrets", { destination: log.destination, pretty: true });
    const { redactLogsOf } = await import("../src/index.js");
    expect(redactLogsOf(logger, everySecret)).toBe(true);
    const child = logger.child({ plug: "leaky" });
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const)
      child[level]({ key: webhookToken }, `${level} ${apiKey}`);
    logger.error(new Error(`failed with ${regionFromEnv}`));
    // pino-pretty writes on its own turn: wait for the seven lines to arrive.
    await vi.waitFor(() => expect(log.lines.join("").match(/\n/g)?.length).toBeGreaterThanOrEqual(7));
    const text = log.lines.join("");
    expect(text.match(/\[secret\]/g)?.length).toBeGreaterThanOrEqual(13);
    expect(leaked(text)).toEqual([]);
  });
});
