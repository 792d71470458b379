import { describe, expect, it } from "vitest";
import { createCore, type SignalPayload } from "../src/index.js";
import { eventually, seed, system, useCore } from "./helpers.js";

describe("signals", () => {
  const started = useCore({ dispatcher: { maxAttempts: 3 } });

  const countFacilities = async () =>
    Number(
      (
        await started.core.database.db
          .selectFrom("core.facilities")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const outbox = () => started.core.database.db.selectFrom("care_system.outbox").selectAll().orderBy("id").execute();

  it("runs in-transaction subscribers in order, inside the write, with the typed payload", async () => {
    const { core } = started;
    const seen: string[] = [];
    core.signals.subscribe("facility.created", "first", "inTransaction", async (payload, context) => {
      // Inside the transaction the new row is visible through the handler's db.
      const row = await context.db.selectFrom("core.facilities").select("name").where("id", "=", payload.facility.id).executeTakeFirst();
      seen.push(`first:${row?.name}`);
    });
    core.signals.subscribe("facility.created", "second", "inTransaction", (payload) => {
      seen.push(`second:${payload.actor.kind}`);
    });
    await core.facilities.create(system, { name: "Ward A", kind: "hospital" });
    expect(seen).toEqual(["first:Ward A", "second:system"]);
  });

  it("lets an in-transaction subscriber veto the write: nothing is stored and nothing else is delivered", async () => {
    const { core } = started;
    const afterCommit: unknown[] = [];
    core.signals.subscribe("facility.created", "delivered-late", "afterCommit", (payload) => void afterCommit.push(payload));
    core.signals.subscribe("facility.created", "durable-reader", "durable", () => {});
    core.signals.subscribe("facility.created", "veto", "inTransaction", () => {
      throw new Error("facilities need a licence first");
    });
    await expect(core.facilities.create(system, { name: "Unlicensed", kind: "clinic" })).rejects.toThrow("facilities need a licence first");
    await core.signals.idle();
    expect(await countFacilities()).toBe(0);
    expect(afterCommit).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it("rolls back the whole write, including a nested write made by a subscriber", async () => {
    const { core } = started;
    const { north } = await seed(core);
    core.signals.subscribe("patient.created", "tag-facility", "inTransaction", async () => {
      await core.facilities.update(system, north.id, { phone: "+255 700 000 000" });
      throw new Error("no more patients today");
    });
    await expect(
      core.patients.create(system, { facilityId: north.id, name: "Late", birthDate: "2000-01-01", sex: "other" }),
    ).rejects.toThrow("no more patients today");
    expect((await core.facilities.get(system, north.id)).phone).toBeNull();
    expect((await core.patients.list(system, { q: "Late" })).items).toEqual([]);
  });

  it("runs after-commit subscribers after the commit; a failing one is logged and the write stands", async () => {
    const { core } = started;
    const received: Array<SignalPayload<"facility.created">> = [];
    core.signals.subscribe("facility.created", "broken", "afterCommit", () => {
      throw new Error("sms gateway down");
    });
    core.signals.subscribe("facility.created", "recorder", "afterCommit", async (payload, context) => {
      // After commit, a fresh read sees the row.
      const row = await context.db.selectFrom("core.facilities").select("id").where("id", "=", payload.facility.id).executeTakeFirst();
      if (row) received.push(payload);
    });
    const facility = await core.facilities.create(system, { name: "Ward B", kind: "clinic" });
    await core.signals.idle();
    expect(received.map((payload) => payload.facility.id)).toEqual([facility.id]);
    expect(await countFacilities()).toBe(1);
    const failure = started.log.lines.find((line) => line.subscriber === "broken");
    expect(failure?.msg).toContain("after-commit subscriber broken failed on facility.created; the write stands");
  });

  it("delivers a durable signal through the outbox, once per subscriber", async () => {
    const { core } = started;
    const deliveries: Array<{ id: string; eventId: string; attempt: number }> = [];
    core.signals.subscribe("facility.created", "registry-sync", "durable", (payload, context) => {
      deliveries.push({ id: payload.facility.id, eventId: context.eventId, attempt: context.attempt });
    });
    core.dispatcher.start();
    const facility = await core.facilities.create(system, { name: "Ward C", kind: "hospital" });
    await eventually(() => expect(deliveries).toHaveLength(1));
    expect(deliveries[0]).toMatchObject({ id: facility.id, attempt: 1 });
    await eventually(async () =>
      expect((await outbox())[0]).toMatchObject({ status: "delivered", attempts: 1, subscriber: "registry-sync" }),
    );
  });

  it("retries a failing durable delivery with backoff and marks it failed after the last try", async () => {
    const { core } = started;
    let calls = 0;
    core.signals.subscribe("facility.created", "always-down", "durable", () => {
      calls += 1;
      throw new Error(`provider answered 503 (call ${calls})`);
    });
    core.signals.subscribe("facility.created", "flaky", "durable", (_payload, context) => {
      if (context.attempt < 2) throw new Error("timeout");
    });
    core.dispatcher.start();
    await core.facilities.create(system, { name: "Ward D", kind: "hospital" });
    await eventually(async () => {
      const rows = await outbox();
      expect(rows.find((row) => row.subscriber === "always-down")).toMatchObject({
        status: "failed",
        attempts: 3,
        last_error: "provider answered 503 (call 3)",
      });
      expect(rows.find((row) => row.subscriber === "flaky")).toMatchObject({ status: "delivered", attempts: 2 });
    });
    expect(calls).toBe(3);
    expect(started.log.lines.some((line) => String(line.msg).includes("always-down failed 3 times; marked failed"))).toBe(true);
  });

  it("never delivers a durable signal from a rolled-back write", async () => {
    const { core } = started;
    const delivered: unknown[] = [];
    core.signals.subscribe("facility.created", "durable-reader", "durable", (payload) => void delivered.push(payload));
    core.signals.subscribe("facility.created", "veto", "inTransaction", () => {
      throw new Error("vetoed");
    });
    await expect(core.facilities.create(system, { name: "Nope", kind: "hospital" })).rejects.toThrow("vetoed");
    expect(await core.dispatcher.deliverDue()).toBe(0);
    expect(delivered).toEqual([]);
  });

  it("delivers what was recorded before a restart once a new dispatcher starts", async () => {
    const { core } = started;
    core.signals.subscribe("facility.created", "archive", "durable", () => {});
    // Written while no dispatcher runs: the process "stopped" before delivering.
    await core.facilities.create(system, { name: "Before restart", kind: "hospital" });
    await core.dispatcher.drain();
    expect((await outbox())[0]).toMatchObject({ status: "pending", attempts: 0 });

    const delivered: string[] = [];
    const restarted = createCore({ database: core.database, dispatcher: { pollIntervalMs: 20 } });
    restarted.signals.subscribe("facility.created", "archive", "durable", (payload) => void delivered.push(payload.facility.name));
    restarted.dispatcher.start();
    await eventually(() => expect(delivered).toEqual(["Before restart"]));
    await restarted.dispatcher.drain();
    expect((await outbox())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("takes up a row whose instance died mid-delivery once its lease runs out", async () => {
    const { core } = started;
    core.signals.subscribe("facility.created", "archive", "durable", () => {});
    await core.facilities.create(system, { name: "Crashed", kind: "hospital" });
    // The row as a crashed instance leaves it: claimed, lease already over.
    await core.database.db
      .updateTable("care_system.outbox")
      .set({ status: "processing", attempts: 1, lease_until: new Date(Date.now() - 1000) })
      .execute();
    expect(await core.dispatcher.deliverDue()).toBe(1);
    expect((await outbox())[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("lets a stale instance, whose lease ran out mid-delivery, never overwrite the instance that took over", async () => {
    const { core } = started;
    let releaseStale!: () => void;
    const staleBlocked = new Promise<void>((resolve) => (releaseStale = resolve));
    let staleStarted!: () => void;
    const staleRunning = new Promise<void>((resolve) => (staleStarted = resolve));
    // The writer records an outbox row for each durable subscriber it knows; its own dispatcher never runs.
    core.signals.subscribe("facility.created", "archive", "durable", () => {});
    await core.facilities.create(system, { name: "Slow", kind: "hospital" });

    const stale = createCore({ database: core.database });
    stale.signals.subscribe("facility.created", "archive", "durable", async () => {
      staleStarted();
      await staleBlocked;
      throw new Error("stale instance gives up late");
    });
    const staleDelivery = stale.dispatcher.deliverDue();
    await staleRunning;
    // The stale instance was paused past its lease (its heartbeat could not renew it).
    await core.database.db
      .updateTable("care_system.outbox")
      .set({ lease_until: new Date(Date.now() - 1000) })
      .execute();

    const fresh = createCore({ database: core.database });
    fresh.signals.subscribe("facility.created", "archive", "durable", () => {});
    expect(await fresh.dispatcher.deliverDue()).toBe(1);
    releaseStale();
    await staleDelivery;
    expect((await outbox())[0]).toMatchObject({ status: "delivered", attempts: 2, last_error: null });
  });

  it("refuses to subscribe to a signal nobody defines, naming the known ones", () => {
    expect(() => started.core.signals.subscribe("patient.deleted" as never, "x", "afterCommit", () => {})).toThrow(
      /x subscribes to patient\.deleted, which no one defines; known signals: facility\.created/,
    );
  });
});
