import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createCore, type Core } from "../src/index.js";
import { eventually, system, useCore } from "./helpers.js";

/** A promise a test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts a handler's deliveries running at once, and the most seen. */
function concurrencyMeter() {
  const meter = { running: 0, most: 0 };
  return Object.assign(meter, {
    async around<T>(work: () => Promise<T>): Promise<T> {
      meter.running += 1;
      meter.most = Math.max(meter.most, meter.running);
      try {
        return await work();
      } finally {
        meter.running -= 1;
      }
    },
  });
}

async function createFacilities(core: Core, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) names.push((await core.facilities.create(system, { name: `Ward ${i}`, kind: "clinic" })).name);
  return names;
}

describe("durable dispatcher", () => {
  const started = useCore({ dispatcher: { concurrency: 4 } });
  const outbox = () => started.core.database.db.selectFrom("care_system.outbox").selectAll().orderBy("id").execute();
  const logged = (text: string) => started.log.lines.filter((line) => String(line.msg).includes(text));

  it("runs up to `concurrency` deliveries of a subscriber at once, and delivers each row once", async () => {
    const { core } = started;
    const release = gate();
    const meter = concurrencyMeter();
    const seen: string[] = [];
    core.signals.subscribe("facility.created", "sync", "durable", (_payload, context) =>
      meter.around(async () => {
        await release.opened;
        seen.push(context.eventId);
      }),
    );
    await createFacilities(core, 12);
    core.dispatcher.start();
    await eventually(() => expect(meter.running).toBe(4));
    await pause(100);
    expect(meter.running).toBe(4);
    release.open();
    await eventually(async () => expect((await outbox()).every((row) => row.status === "delivered")).toBe(true));
    expect(meter.most).toBe(4);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it("delivers a concurrency-1 subscription one at a time in outbox order, beside another at full width", async () => {
    const { core } = started;
    const inOrder = concurrencyMeter();
    const wide = concurrencyMeter();
    const ledger: string[] = [];
    core.signals.subscribe(
      "facility.created",
      "ledger",
      "durable",
      (payload) => inOrder.around(async () => void (await pause(5), ledger.push(payload.facility.name))),
      { concurrency: 1 },
    );
    core.signals.subscribe("facility.created", "wide", "durable", () => wide.around(() => pause(20)));
    const names = await createFacilities(core, 8);
    core.dispatcher.start();
    await eventually(async () => expect((await outbox()).every((row) => row.status === "delivered")).toBe(true));
    expect(ledger).toEqual(names);
    expect(inOrder.most).toBe(1);
    expect(wide.most).toBe(4);
  });

  it("refuses a concurrency on a subscription that is not durable, or one below 1", () => {
    const { core } = started;
    expect(() => core.signals.subscribe("facility.created", "a", "afterCommit", () => {}, { concurrency: 2 })).toThrow(
      /concurrency applies to durable/,
    );
    expect(() => core.signals.subscribe("facility.created", "b", "durable", () => {}, { concurrency: 0 })).toThrow(/at least 1/);
  });

  it("keeps a long delivery's row with heartbeats: no other instance takes it while its instance lives", async () => {
    const { core } = started;
    const release = gate();
    const holding = gate();
    const first = createCore({ database: core.database, dispatcher: { leaseMs: 300 } });
    first.signals.subscribe("facility.created", "sync", "durable", async () => {
      holding.open();
      await release.opened;
    });
    await createFacilities(first, 1);
    const delivering = first.dispatcher.deliverDue();
    await holding.opened;
    // Three leases long: without renewals the row would be due again by now.
    await pause(900);
    const second = createCore({ database: core.database, dispatcher: { leaseMs: 300 } });
    second.signals.subscribe("facility.created", "sync", "durable", () => {
      throw new Error("the second instance must not get this row");
    });
    expect(await second.dispatcher.deliverDue()).toBe(0);
    release.open();
    expect(await delivering).toBe(1);
    expect((await outbox())[0]).toMatchObject({ status: "delivered", attempts: 1, last_error: null });
  });

  it("reports a row another instance took over, and leaves that instance's claim alone", async () => {
    const { core } = started;
    const release = gate();
    const holding = gate();
    const paused = createCore({ database: core.database, logger: started.log.logger, dispatcher: { leaseMs: 300 } });
    paused.signals.subscribe("facility.created", "sync", "durable", async () => {
      holding.open();
      await release.opened;
    });
    await createFacilities(paused, 1);
    const delivering = paused.dispatcher.deliverDue();
    await holding.opened;
    // What another instance's claim leaves after this one's lease ran out: the next attempt, its own lease.
    await core.database.db
      .updateTable("care_system.outbox")
      .set((eb) => ({ attempts: eb("attempts", "+", 1), lease_until: new Date(Date.now() + 60_000) }))
      .execute();
    await eventually(() => expect(logged("taken over by another instance")).toHaveLength(1));
    release.open();
    expect(await delivering).toBe(0);
    expect((await outbox())[0]).toMatchObject({ status: "processing", attempts: 2 });
  });

  it("answers deliverDue() at once when no durable subscriber exists", async () => {
    const { core } = started;
    core.signals.subscribe("facility.created", "listener", "afterCommit", () => {});
    await createFacilities(core, 1);
    expect(await core.dispatcher.deliverDue()).toBe(0);
  });

  it("leaves a retry for a later deliverDue(): one call tries each due row once", async () => {
    const { core } = started;
    core.signals.subscribe("facility.created", "down", "durable", () => {
      throw new Error("provider down");
    });
    await createFacilities(core, 2);
    expect(await core.dispatcher.deliverDue()).toBe(2);
    expect((await outbox()).map((row) => [row.status, row.attempts])).toEqual([
      ["pending", 1],
      ["pending", 1],
    ]);
    await pause(30);
    expect(await core.dispatcher.deliverDue()).toBe(2);
    expect((await outbox()).map((row) => row.attempts)).toEqual([2, 2]);
  });

  it("drains by finishing deliveries in flight and recording them; rows written after stay pending", async () => {
    const { core } = started;
    const meter = concurrencyMeter();
    core.signals.subscribe("facility.created", "sync", "durable", () => meter.around(() => pause(100)));
    await createFacilities(core, 3);
    core.dispatcher.start();
    await eventually(() => expect(meter.running).toBe(3));
    await core.dispatcher.drain({ timeoutMs: 5_000 });
    await createFacilities(core, 1);
    expect((await outbox()).map((row) => row.status)).toEqual(["delivered", "delivered", "delivered", "pending"]);
  });

  it("drains within its bound: unfinished deliveries go back to the outbox, due at once, and a restart delivers every row", async () => {
    const { core } = started;
    const stuck = gate();
    const meter = concurrencyMeter();
    core.signals.subscribe("facility.created", "sync", "durable", () => meter.around(() => stuck.opened));
    await createFacilities(core, 10);
    core.dispatcher.start();
    await eventually(() => expect(meter.running).toBe(4));

    const began = Date.now();
    await core.dispatcher.drain({ timeoutMs: 200 });
    expect(Date.now() - began).toBeLessThan(5_000);
    const rows = await outbox();
    expect(rows.map((row) => [row.status, row.attempts, row.lease_until])).toEqual(rows.map(() => ["pending", 0, null]));
    expect(logged("stopped with 4 durable deliveries unfinished")).toHaveLength(1);

    const delivered: string[] = [];
    const restarted = createCore({ database: core.database, dispatcher: { pollIntervalMs: 20 } });
    restarted.signals.subscribe("facility.created", "sync", "durable", (payload) => void delivered.push(payload.facility.name));
    restarted.dispatcher.start();
    await eventually(() => expect(delivered).toHaveLength(10));
    // The first instance's handlers end late; what they end with is not recorded.
    stuck.open();
    await restarted.dispatcher.drain();
    expect((await outbox()).map((row) => [row.status, row.attempts])).toEqual(rows.map(() => ["delivered", 1]));
  });

  it("rides out a database it cannot use: logs once, backs off, and resumes by itself", async () => {
    const { core } = started;
    const paused = createCore({
      database: core.database,
      logger: started.log.logger,
      dispatcher: { pollIntervalMs: 10, outageBackoffMaxMs: 80 },
    });
    const delivered: string[] = [];
    paused.signals.subscribe("facility.created", "sync", "durable", (payload) => void delivered.push(payload.facility.name));
    await createFacilities(paused, 3);
    await sql`alter table care_system.outbox rename to outbox_away`.execute(core.database.db);
    try {
      paused.dispatcher.start();
      await eventually(() => expect(logged("cannot use the outbox")).toHaveLength(1));
      await pause(400);
    } finally {
      await sql`alter table care_system.outbox_away rename to outbox`.execute(core.database.db);
    }
    await eventually(() => expect(delivered).toHaveLength(3));
    await paused.dispatcher.drain();
    expect(logged("cannot use the outbox")).toHaveLength(1);
    expect(logged("uses the outbox again")).toHaveLength(1);
    expect((await outbox()).every((row) => row.status === "delivered")).toBe(true);
  });
});
