import { coreVersion, openScratchDatabase, type CareDatabase, type DispatcherOptions } from "@care/core";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootDeployment, preparePlugs, readSettings, SettingsError } from "../src/tooling.js";
import type { AnyPlugDefinition } from "@care/plug-api";
import { route } from "./untyped-route.js";
import type { MetricsSettings } from "../src/settings.js";
import { fixturePlug } from "./fixture-plug.js";
import { matching, parseExposition, total, type Sample } from "./metrics/exposition.js";

const metricsToken = "metrics-token-for-the-test-0123456789";
const adminPassword = "fixture-admin-password";

let database: CareDatabase;
let closeDatabase = true;
beforeEach(async () => {
  database = await openScratchDatabase();
  closeDatabase = true;
});
afterEach(async () => {
  if (closeDatabase) await database.close();
});

/** A deployment as `care start` runs one: booted, plugs started, serving HTTP on a port of its own. */
async function startDeployment(plugs: AnyPlugDefinition[], metrics: MetricsSettings, dispatcher: DispatcherOptions = {}, on = database) {
  const prepared = await preparePlugs({ deployment: "metrics", plugs: plugs.map((plug) => ({ plug })) }, {});
  const booted = await bootDeployment(prepared, { database: on, logger: pino({ level: "silent" }), adminPassword, metrics, dispatcher });
  await booted.start();
  await booted.app.listen({ host: "127.0.0.1", port: 0 });
  const address = booted.app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const { token } = await booted.core.sessions.login({ username: "admin", password: adminPassword });
  return {
    ...booted,
    url,
    call: (method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    scrape: async (authorization = `Bearer ${metricsToken}`): Promise<Sample[]> => {
      const response = await fetch(`${url}/metrics`, { headers: { authorization } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return parseExposition(await response.text());
    },
    close: async () => {
      await booted.app.close();
      await booted.core.dispatcher.drain();
      await booted.stop();
    },
  };
}

/** A plug with a route, a durable handler that always fails, and an after-commit one that works. */
const wardsPlug = () =>
  fixturePlug({
    id: "wards",
    version: "1.2.3",
    routes: [route.get("/beds/:ward", async (request) => ({ ward: (request.params as { ward: string }).ward, free: 3 }))],
    on: {
      "facility.created": { mode: "durable", handle: () => Promise.reject(new Error("the bed board is down")) },
      "facility.updated": { mode: "afterCommit", handle: () => {} },
    },
  });

const withToken: MetricsSettings = { token: metricsToken, listen: undefined };

describe("metrics on the API's port", () => {
  it("refuses a scrape without the metrics token, with a wrong one, or with a user's session token", async () => {
    const deployment = await startDeployment([await wardsPlug()], withToken);
    const session = (await deployment.core.sessions.login({ username: "admin", password: adminPassword })).token;
    for (const authorization of ["", "Bearer wrong-token", `Bearer ${metricsToken}x`, `Bearer ${session}`, `Basic ${metricsToken}`]) {
      const response = await fetch(`${deployment.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe("unauthorized");
      expect(JSON.stringify(body)).not.toContain("care_");
    }
    await deployment.close();
  });

  it("counts requests by route and plug, handler runs and failures by mode, durable outcomes; the outbox shows the failure", async () => {
    const deployment = await startDeployment([await wardsPlug()], withToken, { maxAttempts: 2, backoffMs: 0 });
    const before = await deployment.scrape();
    expect(total(before, "care_outbox_scrape_up")).toBe(1);
    expect(matching(before, "care_outbox_rows", { plug: "wards" })).toEqual([]);
    // Every subscription's series exist from the start, at 0: the first failure is an increase.
    expect(
      matching(before, "care_signal_handler_failures_total", { plug: "wards", signal: "facility.created", mode: "durable" }),
    ).toMatchObject([{ value: 0 }]);
    expect(matching(before, "care_durable_deliveries_total", { plug: "wards", outcome: "failed" })).toMatchObject([{ value: 0 }]);

    expect((await deployment.call("GET", "/api/plugs/wards/beds/a1")).status).toBe(200);
    expect((await deployment.call("GET", "/api/plugs/wards/beds/b2")).status).toBe(200);
    expect((await deployment.call("GET", "/api/plugs/wards/no-such-route-8f3a")).status).toBe(404);
    const created = await deployment.call("POST", "/api/v1/facilities", { name: "District Hospital", kind: "hospital" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await deployment.call("PATCH", `/api/v1/facilities/${id}`, { name: "District General Hospital" })).status).toBe(200);
    await deployment.core.signals.idle();
    // The durable handler fails twice: retried once, then given up (maxAttempts 2).
    await deployment.core.dispatcher.deliverDue();
    const afterRetry = await deployment.scrape();
    expect(total(afterRetry, "care_outbox_rows", { plug: "wards", state: "pending" })).toBe(1);
    await deployment.core.dispatcher.deliverDue();
    const after = await deployment.scrape();

    const moved = (name: string, labels: Record<string, string>) => total(after, name, labels) - total(before, name, labels);
    const beds = { method: "GET", route: "/api/plugs/wards/beds/:ward", plug: "wards" };
    expect(moved("care_http_requests_total", { ...beds, status: "200" })).toBe(2);
    expect(moved("care_http_request_duration_seconds_count", { ...beds, status: "2xx" })).toBe(2);
    expect(moved("care_http_requests_total", { method: "POST", route: "/api/v1/facilities", plug: "", status: "201" })).toBe(1);
    expect(moved("care_http_requests_total", { method: "PATCH", route: "/api/v1/facilities/:id", plug: "", status: "200" })).toBe(1);
    expect(moved("care_http_requests_total", { method: "GET", route: "(unmatched)", status: "404" })).toBe(1);
    // Patterns only: no raw URL, no id, and the scrapes themselves are not API traffic.
    const routes = new Set(matching(after, "care_http_requests_total").map((sample) => sample.labels.route));
    for (const route of routes) expect(route).not.toMatch(/a1|b2|8f3a|metrics|[0-9a-f]{8}-/);

    const durable = { plug: "wards", signal: "facility.created", mode: "durable" };
    expect(moved("care_signal_handler_runs_total", durable)).toBe(2);
    expect(moved("care_signal_handler_failures_total", durable)).toBe(2);
    expect(moved("care_signal_handler_duration_seconds_count", durable)).toBe(2);
    const afterCommit = { plug: "wards", signal: "facility.updated", mode: "afterCommit" };
    expect(moved("care_signal_handler_runs_total", afterCommit)).toBe(1);
    expect(moved("care_signal_handler_failures_total", afterCommit)).toBe(0);
    expect(moved("care_durable_deliveries_total", { plug: "wards", signal: "facility.created", outcome: "retry" })).toBe(1);
    expect(moved("care_durable_deliveries_total", { plug: "wards", signal: "facility.created", outcome: "failed" })).toBe(1);

    expect(total(after, "care_outbox_rows", { plug: "wards", state: "failed" })).toBe(1);
    expect(matching(after, "care_outbox_rows", { plug: "wards", state: "pending" })).toEqual([]);
    expect(matching(after, "care_outbox_oldest_age_seconds", { plug: "wards", state: "failed" })).toHaveLength(1);
    expect(total(after, "care_outbox_scrape_up")).toBe(1);

    expect(matching(after, "care_plug_info", { plug: "wards", version: "1.2.3", state: "started" })).toHaveLength(1);
    expect(total(after, "care_core_info", { version: coreVersion, engine: database.engine })).toBe(1);
    if (database.engine === "pglite") {
      expect(total(after, "care_db_pool_connections", { state: "open" })).toBe(1);
      expect(total(after, "care_db_pool_max_connections")).toBe(1);
    } else if ("pool" in database) {
      // The server's pool, once the core's database hands it out.
      expect(total(after, "care_db_pool_connections", { state: "open" })).toBeGreaterThan(0);
      expect(matching(after, "care_db_pool_waiting")).toHaveLength(1);
    }
    expect(matching(after, "process_cpu_user_seconds_total")).toHaveLength(1);
    expect(matching(after, "nodejs_eventloop_lag_seconds")).toHaveLength(1);
    await deployment.close();
  });

  it("still answers a scrape when the database is gone, saying the outbox could not be read", async () => {
    const deployment = await startDeployment([await wardsPlug()], withToken);
    await deployment.core.dispatcher.drain();
    await database.close();
    closeDatabase = false;
    const samples = await deployment.scrape();
    expect(total(samples, "care_outbox_scrape_up")).toBe(0);
    expect(matching(samples, "care_outbox_rows")).toEqual([]);
    expect(matching(samples, "care_plug_info", { plug: "wards" })).toHaveLength(1);
    await deployment.app.close();
    await deployment.stop();
  });
});

describe("where metrics are served", () => {
  it("serves no /metrics at all when neither a token nor a listen address is set", async () => {
    const deployment = await startDeployment([await wardsPlug()], { token: undefined, listen: undefined });
    // Like any path the API does not have: 401 without a session, 404 with one.
    expect((await fetch(`${deployment.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(401);
    expect((await deployment.call("GET", "/metrics")).status).toBe(404);
    expect(deployment.metrics.listenUrl()).toBeUndefined();
    await deployment.close();
  });

  it("serves /metrics without a token on the separate listen address only, and closes it on stop", async () => {
    const deployment = await startDeployment([await wardsPlug()], { token: undefined, listen: { host: "127.0.0.1", port: 0 } });
    expect((await deployment.call("GET", "/metrics")).status).toBe(404);
    const listenUrl = deployment.metrics.listenUrl()!;
    expect(listenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await deployment.call("GET", "/api/plugs/wards/beds/a1")).status).toBe(200);
    const response = await fetch(listenUrl);
    expect(response.status).toBe(200);
    const samples = parseExposition(await response.text());
    expect(total(samples, "care_http_requests_total", { route: "/api/plugs/wards/beds/:ward", plug: "wards" })).toBe(1);
    // Nothing but metrics there: no API route, no login.
    expect((await fetch(listenUrl.replace("/metrics", "/api/v1/me"))).status).toBe(404);
    await deployment.close();
    await expect(fetch(listenUrl)).rejects.toThrow();
  });

  it("keeps two deployments in one process apart: each has its own registry", async () => {
    const other = await openScratchDatabase();
    const first = await startDeployment([await wardsPlug()], withToken);
    const second = await startDeployment([await wardsPlug()], withToken, {}, other);
    expect((await first.call("GET", "/api/plugs/wards/beds/a1")).status).toBe(200);
    expect(total(await first.scrape(), "care_http_requests_total", { plug: "wards" })).toBe(1);
    expect(total(await second.scrape(), "care_http_requests_total", { plug: "wards" })).toBe(0);
    await first.close();
    await second.close();
    await other.close();
  });
});

describe("metrics settings", () => {
  it("reads CARE_METRICS_TOKEN and CARE_METRICS_LISTEN, and refuses a short token or an address without a port", () => {
    expect(readSettings("d", { CARE_METRICS_TOKEN: metricsToken, CARE_METRICS_LISTEN: "127.0.0.1:9464" }).metrics).toEqual({
      token: metricsToken,
      listen: { host: "127.0.0.1", port: 9464 },
    });
    expect(readSettings("d", { CARE_METRICS_LISTEN: "[::1]:9464" }).metrics.listen).toEqual({ host: "::1", port: 9464 });
    expect(readSettings("d", {}).metrics).toEqual({ token: undefined, listen: undefined });
    expect(() => readSettings("d", { CARE_METRICS_TOKEN: "short" })).toThrow(SettingsError);
    expect(() => readSettings("d", { CARE_METRICS_LISTEN: "9464" })).toThrow(/CARE_METRICS_LISTEN: must be host:port/);
  });
});
