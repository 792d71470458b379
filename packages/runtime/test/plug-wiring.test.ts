import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlug, secret, type AnyPlugDefinition } from "@care/plug-api";
import { route } from "./untyped-route.js";
import { bootPlugs, fixturePlug, memoryLogger } from "./fixture-plug.js";

let database: CareDatabase;
beforeEach(async () => {
  database = await openScratchDatabase();
});
afterEach(() => database.close());

describe("signals between plugs", () => {
  it("delivers a plug's own signal to a plug that depends on it", async () => {
    const received: unknown[] = [];
    const alerts = await fixturePlug({
      id: "alerts",
      emits: { raised: z.object({ level: z.enum(["low", "high"]) }) },
      routes: [route.post("/raise", async (_request, _reply, context) => (await context.emit("raised", { level: "high" }), { ok: true }))],
    });
    const pager = await fixturePlug({
      id: "pager",
      dependencies: { alerts: "^1.0.0" },
      onPlugSignals: { "alerts.raised": { mode: "afterCommit", handle: (payload) => void received.push(payload) } },
    });
    const booted = await bootPlugs([alerts, pager], { database });
    const response = await booted.app.inject({
      method: "POST",
      url: "/api/plugs/alerts/raise",
      headers: { authorization: `Bearer ${await booted.token()}` },
    });
    expect(response.statusCode).toBe(200);
    await booted.core.signals.idle();
    expect(received).toEqual([{ level: "high" }]);
    await booted.close();
  });

  it("refuses a subscription to a plug it does not depend on", async () => {
    const alerts = await fixturePlug({ id: "alerts", emits: { raised: z.object({}) } });
    const snoop = await fixturePlug({ id: "snoop", onPlugSignals: { "alerts.raised": { mode: "afterCommit", handle: () => {} } } });
    await expect(bootPlugs([alerts, snoop], { database })).rejects.toThrow(
      "plug snoop subscribes to alerts.raised, but does not depend on plug alerts; add it to care.plug.dependencies",
    );
  });
});

describe("plug routes", () => {
  const webhookPlug = (open: Parameters<typeof route.post>[2]) =>
    fixturePlug({
      id: "hooks",
      routes: [
        route.post("/provider-callback", async () => ({ accepted: true }), open),
        route.get("/private", async (request) => ({ caller: request.actor.kind === "user" ? request.actor.username : "?" })),
      ],
    });

  it("serves a public route only to callers its authenticate check accepts, and the others only with a token", async () => {
    const plug = await webhookPlug({
      public: { reason: "the SMS provider calls it", authenticate: (request) => request.headers["x-provider-signature"] === "valid" },
    });
    const booted = await bootPlugs([plug], { database });
    const call = (headers: Record<string, string>, url = "/api/plugs/hooks/provider-callback", method: "GET" | "POST" = "POST") =>
      booted.app.inject({ method, url, headers });
    expect((await call({ "x-provider-signature": "valid" })).statusCode).toBe(200);
    expect((await call({ "x-provider-signature": "forged" })).statusCode).toBe(401);
    expect((await call({}, "/api/plugs/hooks/private", "GET")).statusCode).toBe(401);
    const mine = await call({ authorization: `Bearer ${await booted.token()}` }, "/api/plugs/hooks/private", "GET");
    expect(mine.json()).toEqual({ caller: "admin" });
    await booted.close();
  });

  it("refuses a public route that does not say how it authenticates its caller", async () => {
    const plug = await webhookPlug({ public: { reason: "open to all" } as never });
    await expect(bootPlugs([plug], { database })).rejects.toThrow(
      "plug hooks: public route POST /provider-callback must say why it is public and how it authenticates its caller",
    );
  });
});

describe("hooks and health", () => {
  it("starts plugs in dependency order, stops them in reverse, and reports each in /health", async () => {
    const events: string[] = [];
    const hooks = (id: string) => ({ start: () => void events.push(`start ${id}`), stop: () => void events.push(`stop ${id}`) });
    const base = await fixturePlug({ id: "base", hooks: hooks("base") });
    const top = await fixturePlug({ id: "top", version: "2.1.0", dependencies: { base: "*" }, hooks: hooks("top") });
    const booted = await bootPlugs([top, base], { database });
    const health = await booted.app.inject({ method: "GET", url: "/health" });
    expect(health.json().plugs).toEqual([
      { id: "base", version: "1.0.0", state: "started" },
      { id: "top", version: "2.1.0", state: "started" },
    ]);
    await booted.close();
    expect(events).toEqual(["start base", "start top", "stop top", "stop base"]);
  });

  it("stops the plugs already started when one fails to start, and names it", async () => {
    const events: string[] = [];
    const first = await fixturePlug({
      id: "first",
      hooks: { start: () => void events.push("start first"), stop: () => void events.push("stop first") },
    });
    const broken = await fixturePlug({
      id: "broken",
      hooks: {
        start: () => {
          throw new Error("cannot reach the device gateway");
        },
      },
    });
    await expect(bootPlugs([first, broken], { database })).rejects.toThrow("plug broken failed to start: cannot reach the device gateway");
    expect(events).toEqual(["start first", "stop first"]);
  });

  it("never shows a secret config value in logs or /health", async () => {
    const { logger, lines } = memoryLogger();
    const plug = await fixturePlug({ id: "vault", config: z.object({ TOKEN: secret(z.string()), REGION: z.string() }) });
    const booted = await bootPlugs(
      [{ plug, configs: { TOKEN: { kind: "env", name: "VAULT_TOKEN" }, REGION: { kind: "env", name: "VAULT_REGION" } } }],
      {
        database,
        logger,
        env: { VAULT_TOKEN: "tok-very-secret", VAULT_REGION: "eu-env-secret" },
      },
    );
    const health = await booted.app.inject({ method: "GET", url: "/health" });
    await booted.close();
    const everything = lines.join("\n") + health.body;
    expect(lines.some((line) => line.includes('"[secret]"'))).toBe(true);
    expect(everything).not.toContain("tok-very-secret");
    expect(everything).not.toContain("eu-env-secret");
  });
});

describe("install and upgrade", () => {
  it("runs SQL and TypeScript upgrade steps once, in order, and records each with its checksum", async () => {
    const v1 = await fixturePlug({
      id: "chart",
      install: "create table notes (id int primary key, body text);\ninsert into notes values (1, 'one');",
    });
    await (await bootPlugs([v1], { database })).close();

    const upgraded = (version: string, migrations: string) =>
      definePlug({
        ...v1,
        package: { ...v1.package, version },
        migrations,
        upgrades: {
          "1.1.0_1.2.0": async (db) => {
            await db
              .updateTable("notes" as never)
              .set({ body: sql`upper(body)` } as never)
              .execute();
          },
        },
      }) as AnyPlugDefinition;
    const folder = v1.migrations as string;
    await writeFile(join(folder, "upgrade", "1.0.0_1.1.0.sql"), "alter table notes add column author text default 'unknown';");
    await writeFile(join(folder, "install.sql"), "create table notes (id int primary key, body text, author text default 'unknown');");
    const v12 = upgraded("1.2.0", folder);
    const booted = await bootPlugs([v12], { database });
    expect(booted.migrations[0]).toMatchObject({
      plan: "upgrade",
      from: "1.0.0",
      to: "1.2.0",
      ran: ["upgrade/1.0.0_1.1.0", "upgrade/1.1.0_1.2.0"],
    });
    await booted.close();
    const notes = await database.db
      .withSchema("plug_chart")
      .selectFrom("notes" as never)
      .selectAll()
      .execute();
    expect(notes).toEqual([{ id: 1, body: "ONE", author: "unknown" }]);
    const steps = await database.db
      .selectFrom("care_system.plug_steps")
      .select(["step", "from_version", "to_version", "checksum"])
      .orderBy("id")
      .execute();
    expect(steps.map((step) => `${step.step} ${step.from_version ?? "-"}→${step.to_version}`)).toEqual([
      "install.sql -→1.0.0",
      "upgrade/1.0.0_1.1.0 1.0.0→1.1.0",
      "upgrade/1.1.0_1.2.0 1.1.0→1.2.0",
    ]);
    expect(steps.every((step) => /^[0-9a-f]{64}$/.test(step.checksum))).toBe(true);

    // Started again: nothing re-runs; a released step edited since is reported.
    await writeFile(join(folder, "upgrade", "1.0.0_1.1.0.sql"), "alter table notes add column author text default 'nobody';");
    const { logger, lines } = memoryLogger();
    const again = await bootPlugs([v12], { database, logger });
    expect(again.migrations[0]).toMatchObject({ plan: "current", ran: [], changedSinceRun: ["upgrade/1.0.0_1.1.0"] });
    expect(lines.join("\n")).toContain("plug chart: upgrade/1.0.0_1.1.0 changed after it ran");
    await again.close();
  });

  it("records a release without schema changes, and upgrades a patch release with the step it shares a schema with", async () => {
    const v100 = await fixturePlug({ id: "chart", version: "1.0.0", install: "create table notes (id int);" });
    await (await bootPlugs([v100], { database })).close();
    const patch = definePlug({ ...v100, package: { ...v100.package, version: "1.0.3" } }) as AnyPlugDefinition;
    const patched = await bootPlugs([patch], { database });
    expect(patched.migrations[0]).toMatchObject({ plan: "upgrade", from: "1.0.0", to: "1.0.3", ran: [] });
    await patched.close();

    const folder = v100.migrations as string;
    await writeFile(join(folder, "upgrade", "1.0.0_1.1.0.sql"), "alter table notes add column body text;");
    const minor = definePlug({ ...v100, package: { ...v100.package, version: "1.1.0" } }) as AnyPlugDefinition;
    const upgraded = await bootPlugs([minor], { database });
    expect(upgraded.migrations[0]).toMatchObject({ plan: "upgrade", from: "1.0.3", to: "1.1.0", ran: ["upgrade/1.0.0_1.1.0"] });
    await upgraded.close();
    const version = await database.db.selectFrom("care_system.plugs").select("version").executeTakeFirstOrThrow();
    expect(version.version).toBe("1.1.0");
  });

  it("refuses to start a bundle older than the installed plug", async () => {
    const v2 = await fixturePlug({ id: "chart", version: "2.0.0", install: "create table notes (id int);" });
    await (await bootPlugs([v2], { database })).close();
    const v1 = await fixturePlug({ id: "chart", version: "1.5.0", install: "create table notes (id int);" });
    await expect(bootPlugs([v1], { database })).rejects.toThrow(
      "plug chart: the database has @fixtures/chart 2.0.0, newer than this bundle's 1.5.0; plugs are never downgraded",
    );
  });
});
