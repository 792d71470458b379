import { openScratchDatabase, systemActor, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyPlugDefinition } from "../src/index.js";
import { bootPlugs, fixturePlug } from "./fixture-plug.js";
import { route } from "./untyped-route.js";

/**
 * A plug switched off in plug.config.ts (`enabled: false`), as an IT officer does when its SMS
 * provider is down: booted three times on one database — on, off, on again — as restarts would.
 */
describe("a switched-off plug", () => {
  let database: CareDatabase;
  const delivered: string[] = [];
  let starts = 0;
  let sms: AnyPlugDefinition;
  let guard: AnyPlugDefinition;
  const system = systemActor("test");

  beforeAll(async () => {
    database = await openScratchDatabase();
    sms = await fixturePlug({
      id: "sms",
      install: "create table sent (event_id text primary key);",
      on: {
        "facility.created": {
          mode: "durable",
          handle: async (_payload, context) => {
            delivered.push(context.eventId);
            await sql`insert into sent (event_id) values (${context.eventId})`.execute(context.db);
          },
        },
      },
      routes: [route.get("/outbox", async () => ({ waiting: 0 }))],
      hooks: { start: () => void (starts += 1) },
      health: () => ({ ok: false, reason: "provider down" }),
    });
    // Vetoes every new facility while it runs.
    guard = await fixturePlug({
      id: "guard",
      on: {
        "facility.created": {
          mode: "inTransaction",
          handle: () => {
            throw new Error("guard vetoes facilities");
          },
        },
      },
    });
  });
  afterAll(() => database.close());

  const sent = async () =>
    (await sql<{ event_id: string }>`select event_id from plug_sms.sent order by event_id`.execute(database.db)).rows.map(
      (row) => row.event_id,
    );
  const outbox = async () =>
    (
      await sql<{
        id: string;
        event_id: string;
        status: string;
      }>`select id::text as id, event_id::text as event_id, status from care_system.outbox where subscriber = 'sms' order by id`.execute(
        database.db,
      )
    ).rows;
  const journal = async () =>
    (
      await sql<{ delivery_id: string; action: string; from_status: string; actor: string; reason: string }>`
      select delivery_id::text as delivery_id, action, from_status, actor, reason from care_system.delivery_actions order by id`.execute(
        database.db,
      )
    ).rows;

  it("answers 503 plug_disabled on its routes, vetoes nothing, holds its deliveries, runs no hook or check, keeps its data", async () => {
    const on = await bootPlugs([sms], { database });
    await on.core.facilities.create(system, { name: "First", kind: "hospital" });
    await on.core.dispatcher.deliverDue();
    await on.close();
    expect(delivered).toHaveLength(1);
    expect(starts).toBe(1);
    // A delivery a crashed instance left waiting: the next start finds it pending.
    await sql`insert into care_system.outbox (event_id, signal, subscriber, payload)
      select '00000000-0000-7000-8000-0000000000aa', signal, subscriber, payload from care_system.outbox where subscriber = 'sms'`.execute(
      database.db,
    );

    const off = await bootPlugs(
      [
        { plug: sms, enabled: false },
        { plug: guard, enabled: false },
      ],
      { database },
    );
    try {
      const route = await off.app.inject({
        method: "GET",
        url: "/api/plugs/sms/outbox",
        headers: { authorization: `Bearer ${await off.token()}` },
      });
      expect(route.statusCode).toBe(503);
      expect(route.json().error).toMatchObject({
        code: "plug_disabled",
        message: expect.stringMatching(/^plug sms is switched off .*care plug enable sms/),
      });

      await off.core.facilities.create(system, { name: "Second", kind: "clinic" });
      await off.core.dispatcher.deliverDue();
      expect(delivered).toHaveLength(1);
      expect(starts).toBe(1);
      expect((await outbox()).map((row) => row.status)).toEqual(["delivered", "held", "held"]);
      expect(await sent()).toEqual([delivered[0]]);

      const ready = await off.app.inject({ method: "GET", url: "/health/ready" });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({
        status: "ok",
        plugs: [
          { id: "sms", state: "disabled" },
          { id: "guard", state: "disabled" },
        ],
      });
      expect(ready.json().plugs[0].health).toBeUndefined();
    } finally {
      await off.close();
    }
    const [, left] = await outbox();
    // Only the one it found waiting changed state at start; the one written while off was born held.
    expect(await journal()).toEqual([
      {
        delivery_id: left!.id,
        action: "hold",
        from_status: "pending",
        actor: "system",
        reason: "plug sms is switched off in plug.config.ts; delivered when it is switched on",
      },
    ]);
  });

  it("delivers what was held, once each, when switched on again", async () => {
    const held = await outbox();
    const again = await bootPlugs([sms], { database });
    try {
      await again.core.dispatcher.deliverDue();
    } finally {
      await again.close();
    }
    expect((await outbox()).map((row) => row.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(delivered.slice(1).sort()).toEqual(
      held
        .slice(1)
        .map((row) => row.event_id)
        .sort(),
    );
    expect((await sent()).sort()).toEqual([...delivered].sort());
    expect(starts).toBe(2);
    const released = (await journal()).filter((row) => row.action === "release");
    expect(released.map((row) => row.delivery_id)).toEqual(held.slice(1).map((row) => row.id));
    expect(released[0]).toMatchObject({ from_status: "held", actor: "system", reason: "sms runs in this bundle again" });
  });

  it("holds the waiting deliveries of a plug gone from the bundle too, saying so", async () => {
    await sql`insert into care_system.outbox (event_id, signal, subscriber, payload)
      select '00000000-0000-7000-8000-0000000000cc', signal, subscriber, payload from care_system.outbox
      where subscriber = 'sms' order by id limit 1`.execute(database.db);
    const without = await bootPlugs([], { database });
    await without.close();
    const last = (await outbox()).at(-1)!;
    expect(last.status).toBe("held");
    expect((await journal()).at(-1)).toEqual({
      delivery_id: last.id,
      action: "hold",
      from_status: "pending",
      actor: "system",
      reason: "sms is not in this bundle's plug.config.ts; delivered if it is added back",
    });
    // Added back (here: switched on), it is delivered like the others.
    const back = await bootPlugs([sms], { database });
    await back.core.dispatcher.deliverDue();
    await back.close();
    expect((await outbox()).at(-1)!.status).toBe("delivered");
  });

  it("vetoes when switched on: what kept the second facility in was the switch", async () => {
    const on = await bootPlugs([guard], { database });
    try {
      await expect(on.core.facilities.create(system, { name: "Third", kind: "clinic" })).rejects.toThrow("guard vetoes facilities");
    } finally {
      await on.close();
    }
  });

  it("refuses to run a plug that needs a switched-off one, naming both", async () => {
    const report = await fixturePlug({ id: "report", dependencies: { sms: "^1.0.0" } });
    await expect(bootPlugs([{ plug: sms, enabled: false }, report], { database })).rejects.toThrow(
      "plug report needs plug sms, which plug.config.ts switches off (enabled: false); switch report off too, or sms on",
    );
  });
});
