import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildHttpApp, newId, systemActor } from "../src/index.js";
import { careError, eventually, useCore } from "./helpers.js";
import { detailPaths, expectError, request, seedAndLogin, type RequestOptions } from "./http-helpers.js";

/**
 * Durable deliveries in an administrator's hands, as one meets them over HTTP: a plug whose SMS
 * provider is down fails its deliveries for good; the administrator lists them, retries one once
 * the provider is back (it is delivered), discards another with a reason (never tried again), and
 * every mistake on the way changes nothing.
 */
describe("deliveries over HTTP", () => {
  const started = useCore({ dispatcher: { maxAttempts: 2, backoffMs: 5 } });
  let app: FastifyInstance;
  const call = (options: RequestOptions) => request(app, options);
  beforeEach(async () => {
    app = await buildHttpApp(started.core, { version: "test" });
  });
  afterEach(() => app?.close());

  const db = () => started.database.db;
  const rowOf = async (id: string) =>
    (
      await sql<{ status: string; attempts: number }>`select status, attempts from care_system.outbox where id = ${id}::bigint`.execute(
        db(),
      )
    ).rows[0];
  const actions = async () =>
    (
      await sql<{ delivery_id: string; action: string; from_status: string; actor: string; reason: string | null }>`
        select delivery_id::text as delivery_id, action, from_status, actor, reason from care_system.delivery_actions order by id`.execute(
        db(),
      )
    ).rows;
  const snapshot = async () =>
    (await sql`select id, status, attempts, next_attempt_at, last_error from care_system.outbox order by id`.execute(db())).rows;

  /** Two SMS deliveries failed for good, a dead-lettered audit row, and a held one: what an operator finds after a night. */
  async function night() {
    const { core } = started;
    const provider = { down: true, sent: [] as string[] };
    core.signals.subscribe("facility.created", "sms", "durable", (payload, context) => {
      if (provider.down) throw new Error("SMS provider answered 503 Service Unavailable");
      provider.sent.push(`${payload.facility.name}:${context.eventId}`);
    });
    core.signals.subscribe("patient.created", "audit", "durable", () => {});
    const seeded = await seedAndLogin(core, app);
    // What only a direct database write could add: it does not parse, so it is dead-lettered.
    await sql`insert into care_system.outbox (event_id, signal, subscriber, payload)
      values (${newId()}, 'patient.created', 'audit', '{"patient": 1}'::jsonb)`.execute(db());
    // Held: its plug is switched off (another part of the deployment's lifecycle puts rows there).
    await sql`insert into care_system.outbox (event_id, signal, subscriber, payload, status)
      values (${newId()}, 'facility.created', 'lab', '{}'::jsonb, 'held')`.execute(db());
    core.dispatcher.start();
    await eventually(async () => {
      const { rows } = await sql<{ subscriber: string; status: string }>`select subscriber, status from care_system.outbox`.execute(db());
      expect(rows.filter((row) => row.subscriber === "sms").map((row) => row.status)).toEqual(["failed", "failed"]);
      expect(
        rows
          .filter((row) => row.subscriber === "audit")
          .map((row) => row.status)
          .sort(),
      ).toEqual(["delivered", "delivered", "failed"]);
    });
    return { ...seeded, provider };
  }

  it("lists what waits or failed, filtered by plug, signal and state, page by page; refuses unknown parameters", async () => {
    const { tokens } = await night();
    const all = await call({ method: "GET", url: "/api/v1/deliveries", token: tokens.admin });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.items.map((item: any) => `${item.plug} ${item.signal} ${item.state}`)).toEqual([
      "sms facility.created failed",
      "sms facility.created failed",
      "audit patient.created failed",
      "lab facility.created held",
    ]);
    expect(all.body.nextCursor).toBeNull();
    const [sms] = all.body.items;
    expect(sms).toEqual({
      id: expect.stringMatching(/^\d+$/),
      eventId: expect.any(String),
      signal: "facility.created",
      plug: "sms",
      state: "failed",
      attempts: 2,
      nextAttemptAt: expect.any(String),
      lastError: "SMS provider answered 503 Service Unavailable",
      createdAt: expect.any(String),
      deliveredAt: null,
      lastAction: null,
    });
    expect(all.body.items[2].lastError).toMatch(/^payload does not match signal patient\.created/);

    const bySms = await call({ method: "GET", url: "/api/v1/deliveries?plug=sms", token: tokens.admin });
    expect(bySms.body.items.map((item: any) => item.plug)).toEqual(["sms", "sms"]);
    const bySignal = await call({ method: "GET", url: "/api/v1/deliveries?signal=patient.created", token: tokens.admin });
    expect(bySignal.body.items.map((item: any) => item.plug)).toEqual(["audit"]);
    const held = await call({ method: "GET", url: "/api/v1/deliveries?state=held", token: tokens.admin });
    expect(held.body.items.map((item: any) => item.plug)).toEqual(["lab"]);
    const delivered = await call({ method: "GET", url: "/api/v1/deliveries?state=delivered&plug=audit", token: tokens.admin });
    expect(delivered.body.items.map((item: any) => item.state)).toEqual(["delivered", "delivered"]);
    const both = await call({ method: "GET", url: "/api/v1/deliveries?state=held,delivered&plug=lab", token: tokens.admin });
    expect(both.body.items).toHaveLength(1);

    const first = await call({ method: "GET", url: "/api/v1/deliveries?limit=3", token: tokens.admin });
    expect(first.body.items).toHaveLength(3);
    const second = await call({ method: "GET", url: `/api/v1/deliveries?limit=3&cursor=${first.body.nextCursor}`, token: tokens.admin });
    expect(second.body).toEqual({ items: [expect.objectContaining({ plug: "lab" })], nextCursor: null });

    const unknown = await call({ method: "GET", url: "/api/v1/deliveries?plug=sms&status=failed", token: tokens.admin });
    expectError(unknown, 400, "validation_failed");
    expect(detailPaths(unknown)).toEqual(["status"]);
    const badState = await call({ method: "GET", url: "/api/v1/deliveries?state=lost", token: tokens.admin });
    expectError(badState, 400, "validation_failed");
    expect(detailPaths(badState)).toEqual(["state.0"]);
    expectError(await call({ method: "GET", url: "/api/v1/deliveries?cursor=nonsense", token: tokens.admin }), 400, "validation_failed");
  });

  it("retries a failed delivery: it is delivered, and the journal says who", async () => {
    const { tokens, provider } = await night();
    const [first, second] = (await call({ method: "GET", url: "/api/v1/deliveries?plug=sms", token: tokens.admin })).body.items;
    provider.down = false;
    const retried = await call({ method: "POST", url: "/api/v1/deliveries/retry", token: tokens.admin, body: { ids: [first.id] } });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.items).toEqual([
      expect.objectContaining({
        id: first.id,
        state: "pending",
        attempts: 0,
        lastAction: { action: "retry", actor: "admin", reason: null, at: expect.any(String) },
      }),
    ]);
    await eventually(async () => expect(await rowOf(first.id)).toEqual({ status: "delivered", attempts: 1 }));
    expect(provider.sent).toEqual([expect.stringMatching(new RegExp(`:${first.eventId}$`))]);
    expect(await rowOf(second.id)).toMatchObject({ status: "failed" });
    expect(await actions()).toEqual([{ delivery_id: first.id, action: "retry", from_status: "failed", actor: "admin", reason: null }]);

    const listed = await call({ method: "GET", url: "/api/v1/deliveries?state=delivered&plug=sms", token: tokens.admin });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: first.id,
        deliveredAt: expect.any(String),
        lastError: null,
        lastAction: expect.objectContaining({ action: "retry" }),
      }),
    ]);
  });

  it("retries every failed delivery of a plug at once", async () => {
    const { tokens, provider } = await night();
    provider.down = false;
    const retried = await call({
      method: "POST",
      url: "/api/v1/deliveries/retry",
      token: tokens.admin,
      body: { failed: true, plug: "sms", reason: "provider back" },
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.items.map((item: any) => `${item.plug} ${item.state}`)).toEqual(["sms pending", "sms pending"]);
    await eventually(() => expect(provider.sent).toHaveLength(2));
    // The dead-lettered audit row was not asked for and stays failed.
    const failed = await call({ method: "GET", url: "/api/v1/deliveries?state=failed", token: tokens.admin });
    expect(failed.body.items.map((item: any) => item.plug)).toEqual(["audit"]);
    expect((await actions()).map((row) => `${row.action} ${row.actor} ${row.reason}`)).toEqual([
      "retry admin provider back",
      "retry admin provider back",
    ]);
  });

  it("discards a delivery with who and why: kept as evidence, never tried again", async () => {
    const { tokens, provider } = await night();
    const [first] = (await call({ method: "GET", url: "/api/v1/deliveries?plug=sms", token: tokens.admin })).body.items;
    const held = (await call({ method: "GET", url: "/api/v1/deliveries?state=held", token: tokens.admin })).body.items[0];
    const reason = "facility announced by phone; the SMS is no longer needed";
    const discarded = await call({
      method: "POST",
      url: "/api/v1/deliveries/discard",
      token: tokens.admin,
      body: { ids: [first.id, held.id], reason },
    });
    expect(discarded.status, JSON.stringify(discarded.body)).toBe(200);
    expect(discarded.body.items).toEqual([
      expect.objectContaining({
        id: first.id,
        state: "discarded",
        lastError: "SMS provider answered 503 Service Unavailable",
        lastAction: { action: "discard", actor: "admin", reason, at: expect.any(String) },
      }),
      expect.objectContaining({ id: held.id, state: "discarded", lastAction: expect.objectContaining({ reason }) }),
    ]);
    expect(await actions()).toEqual([
      { delivery_id: first.id, action: "discard", from_status: "failed", actor: "admin", reason },
      { delivery_id: held.id, action: "discard", from_status: "held", actor: "admin", reason },
    ]);

    // Not listed by default, not retried by "every failed", not delivered when the provider is back.
    provider.down = false;
    const waiting = await call({ method: "GET", url: "/api/v1/deliveries?plug=sms", token: tokens.admin });
    expect(waiting.body.items.map((item: any) => item.id)).not.toContain(first.id);
    const retried = await call({
      method: "POST",
      url: "/api/v1/deliveries/retry",
      token: tokens.admin,
      body: { failed: true, plug: "sms" },
    });
    expect(retried.body.items).toHaveLength(1);
    await eventually(() => expect(provider.sent).toHaveLength(1));
    await started.core.dispatcher.deliverDue();
    expect(provider.sent.some((line) => line.endsWith(first.eventId))).toBe(false);
    expect(await rowOf(first.id)).toEqual({ status: "discarded", attempts: 2 });
    const kept = await call({ method: "GET", url: "/api/v1/deliveries?state=discarded", token: tokens.admin });
    expect(kept.body.items.map((item: any) => item.id)).toEqual([first.id, held.id]);

    const again = await call({ method: "POST", url: "/api/v1/deliveries/retry", token: tokens.admin, body: { ids: [first.id] } });
    expectError(again, 409, "illegal_transition");
    expect(again.body.error.message).toContain(`delivery ${first.id} is discarded`);
  });

  it("refuses mistakes with a code, changing nothing: unknown ids, wrong states, no reason, bad bodies", async () => {
    const { tokens } = await night();
    const [first, second] = (await call({ method: "GET", url: "/api/v1/deliveries?plug=sms", token: tokens.admin })).body.items;
    const held = (await call({ method: "GET", url: "/api/v1/deliveries?state=held", token: tokens.admin })).body.items[0];
    const delivered = (await call({ method: "GET", url: "/api/v1/deliveries?state=delivered", token: tokens.admin })).body.items[0];
    const before = await snapshot();

    const unknown = await call({
      method: "POST",
      url: "/api/v1/deliveries/retry",
      token: tokens.admin,
      body: { ids: [first.id, "999999"] },
    });
    expectError(unknown, 404, "not_found");
    expect(unknown.body.error.details).toEqual([{ path: "ids.1", message: "no delivery 999999" }]);
    expect(unknown.body.error.message).toContain("nothing was changed");

    const notFailed = await call({
      method: "POST",
      url: "/api/v1/deliveries/retry",
      token: tokens.admin,
      body: { ids: [second.id, held.id, delivered.id] },
    });
    expectError(notFailed, 409, "illegal_transition");
    expect(detailPaths(notFailed)).toEqual(["ids.1", "ids.2"]);

    const unknownDiscard = await call({
      method: "POST",
      url: "/api/v1/deliveries/discard",
      token: tokens.admin,
      body: { ids: ["424242"], reason: "gone" },
    });
    expectError(unknownDiscard, 404, "not_found");
    const deliveredDiscard = await call({
      method: "POST",
      url: "/api/v1/deliveries/discard",
      token: tokens.admin,
      body: { ids: [first.id, delivered.id], reason: "gone" },
    });
    expectError(deliveredDiscard, 409, "illegal_transition");
    expect(detailPaths(deliveredDiscard)).toEqual(["ids.1"]);

    const noReason = await call({ method: "POST", url: "/api/v1/deliveries/discard", token: tokens.admin, body: { ids: [first.id] } });
    expectError(noReason, 400, "validation_failed");
    expect(detailPaths(noReason)).toEqual(["reason"]);
    const blankReason = await call({
      method: "POST",
      url: "/api/v1/deliveries/discard",
      token: tokens.admin,
      body: { ids: [first.id], reason: "  " },
    });
    expect(detailPaths(blankReason)).toEqual(["reason"]);
    const nothing = await call({ method: "POST", url: "/api/v1/deliveries/retry", token: tokens.admin, body: {} });
    expectError(nothing, 400, "validation_failed");
    const notAnId = await call({
      method: "POST",
      url: "/api/v1/deliveries/discard",
      token: tokens.admin,
      body: { ids: ["abc"], reason: "x" },
    });
    expect(detailPaths(notAnId)).toEqual(["ids.0"]);
    const extra = await call({
      method: "POST",
      url: "/api/v1/deliveries/discard",
      token: tokens.admin,
      body: { ids: [first.id], reason: "x", force: true },
    });
    expect(detailPaths(extra)).toEqual(["force"]);

    expect(await snapshot()).toEqual(before);
    expect(await actions()).toEqual([]);
  });

  it("is for administrators only: staff get 403 and change nothing; no token gets 401", async () => {
    const { tokens } = await night();
    const before = await snapshot();
    const [first] = (await call({ method: "GET", url: "/api/v1/deliveries?plug=sms", token: tokens.admin })).body.items;
    expectError(await call({ method: "GET", url: "/api/v1/deliveries", token: tokens.doctor }), 403, "forbidden");
    expectError(
      await call({ method: "POST", url: "/api/v1/deliveries/retry", token: tokens.nurse, body: { ids: [first.id] } }),
      403,
      "forbidden",
    );
    expectError(
      await call({ method: "POST", url: "/api/v1/deliveries/retry", token: tokens.doctor, body: { failed: true } }),
      403,
      "forbidden",
    );
    expectError(
      await call({ method: "POST", url: "/api/v1/deliveries/discard", token: tokens.doctor, body: { ids: [first.id], reason: "x" } }),
      403,
      "forbidden",
    );
    expectError(await call({ method: "GET", url: "/api/v1/deliveries" }), 401, "unauthorized");
    expect(await snapshot()).toEqual(before);
    expect(await actions()).toEqual([]);
  });

  it("logs a delivery that fails for good once, at error level, with its plug, signal and last error", async () => {
    await night();
    const errors = started.log.lines.filter((line) => line.level === 50);
    const sms = errors.filter((line) => line.plug === "sms");
    expect(sms).toHaveLength(2);
    for (const line of sms) {
      expect(line).toMatchObject({ plug: "sms", signal: "facility.created", lastError: "SMS provider answered 503 Service Unavailable" });
    }
    expect(new Set(sms.map((line) => line.eventId)).size).toBe(2);
    const audit = errors.filter((line) => line.plug === "audit");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      signal: "patient.created",
      lastError: expect.stringMatching(/^payload does not match signal patient\.created/),
    });
    expect(errors).toHaveLength(3);
    // The tries before the last are warnings.
    expect(started.log.lines.filter((line) => line.level === 40 && line.subscriber === "sms")).toHaveLength(2);
  });

  it("records a command-line actor by its name", async () => {
    const { core } = started;
    await night();
    const failed = await core.deliveries.list(systemActor("cli:ops"), { state: ["failed"], plug: "sms" });
    const result = await core.deliveries.discard(systemActor("cli:ops"), { ids: [failed.items[0]!.id], reason: "duplicate" });
    expect(result.items[0]!.lastAction).toMatchObject({ action: "discard", actor: "cli:ops", reason: "duplicate" });
    await careError(core.deliveries.retry(systemActor("cli:ops"), { ids: [failed.items[0]!.id] }), "illegal_transition");
  });
});
