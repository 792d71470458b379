import { describe, expect, it } from "vitest";
import { z } from "zod";
import { newId } from "../src/index.js";
import { system, useCore } from "./helpers.js";

describe("durable payloads checked on delivery", () => {
  const started = useCore();
  const outbox = () => started.core.database.db.selectFrom("care_system.outbox").selectAll().orderBy("id").execute();

  /** What someone with write access to the database could add, bypassing every service. */
  async function forge(signal: string, subscriber: string, payload: unknown): Promise<string> {
    const eventId = newId();
    await started.database.db
      .insertInto("care_system.outbox")
      .values({ event_id: eventId, signal, subscriber, payload: JSON.stringify(payload) } as never)
      .execute();
    return eventId;
  }

  it("dead-letters a forged row whose payload does not match its signal: the handler never runs, a real row still delivers", async () => {
    const { core } = started;
    const seen: string[] = [];
    core.signals.subscribe("facility.created", "registry-sync", "durable", (payload) => void seen.push(payload.facility.name));
    const facility = await core.facilities.create(system, { name: "Real Ward", kind: "clinic" });
    const forged = await forge("facility.created", "registry-sync", {
      facility: { id: "not-a-uuid", name: 42 },
      actor: { kind: "system", name: "core" },
    });

    expect(await core.dispatcher.deliverDue()).toBe(2);
    expect(await core.dispatcher.deliverDue()).toBe(0);
    expect(seen).toEqual([facility.name]);

    const rows = await outbox();
    expect(rows[0]).toMatchObject({ status: "delivered", attempts: 1 });
    expect(rows[1]).toMatchObject({ event_id: forged, status: "failed", attempts: 1 });
    expect(rows[1]!.last_error).toMatch(/^payload does not match signal facility\.created: facility\.id: .*; facility\.name: /);
    expect(rows[1]!.last_error).not.toContain("not-a-uuid");

    const errors = started.log.lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      signal: "facility.created",
      subscriber: "registry-sync",
      eventId: forged,
      reason: rows[1]!.last_error,
    });
  });

  it("dead-letters a row whose signal this deployment does not define", async () => {
    const { core } = started;
    const calls: unknown[] = [];
    core.signals.subscribe("facility.created", "registry-sync", "durable", (payload) => void calls.push(payload));
    const forged = await forge("facility.deleted", "registry-sync", { facility: {} });

    expect(await core.dispatcher.deliverDue()).toBe(1);
    expect(calls).toEqual([]);
    expect((await outbox())[0]).toMatchObject({
      event_id: forged,
      status: "failed",
      attempts: 1,
      last_error: "signal facility.deleted is not defined in this deployment",
    });
    expect(started.log.lines.filter((line) => line.level === 50 && line.eventId === forged)).toHaveLength(1);
  });

  it("hands the handler the payload as its schema parses it, defaults applied", async () => {
    const { core } = started;
    core.signals.define("pager.paged", z.object({ ward: z.string(), urgency: z.enum(["low", "high"]).default("low") }));
    const received: unknown[] = [];
    core.signals.subscribe("pager.paged" as never, "pager:log", "durable", (payload) => void received.push(payload));
    await forge("pager.paged", "pager:log", { ward: "B" });

    expect(await core.dispatcher.deliverDue()).toBe(1);
    expect(received).toEqual([{ ward: "B", urgency: "low" }]);
    expect((await outbox())[0]).toMatchObject({ status: "delivered" });
  });
});
