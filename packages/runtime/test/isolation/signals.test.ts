import { openScratchDatabase, type CareDatabase } from "@care/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { route } from "../untyped-route.js";
import { bootPlugs, fixturePlug } from "../fixture-plug.js";
import { migrationSnapshot } from "../migration-snapshot.js";
import { openIsolationDeployment, plugSql, sites, victimReceived, type IsolationDeployment } from "./deployment.js";
import { expectRefused } from "./expect-refused.js";
import { forgedPatient } from "./forged-patient.js";

// Subscribers trust a signal: patient.created means the core created a patient. Only the core emits
// core signals, a plug only its own (`<id>.<name>`), a plug hears another plug only by depending on
// it, and a durable row that does not parse as its signal is dead-lettered, never delivered.
const forgedDeliveries = () =>
  victimReceived.filter((payload) => /^Forged/.test(String((payload as { patient?: { name?: string } }).patient?.name)));

describe("subscriptions a plug may not make", () => {
  let database: CareDatabase;
  const victim = () =>
    fixturePlug({ id: "victim", install: "create table secrets (id int);", emits: { leaked: z.object({ body: z.string() }) } });
  const attacker = (extra: Parameters<typeof fixturePlug>[0] | object = {}) =>
    fixturePlug({ id: "attacker", install: "create table notes (id int);", ...extra });
  beforeAll(async () => {
    database = await openScratchDatabase();
    // Installed as honest plugs first: a refused start must leave them as they were.
    await (await bootPlugs([await victim(), await attacker()], { database })).close();
  });
  afterAll(() => database?.close());

  const refusals: Array<[string, object, RegExp]> = [
    [
      "another plug's signal under on",
      { on: { "victim.leaked": { mode: "durable", handle: () => {} } } },
      /^plug attacker subscribes to victim\.leaked under on, which takes the core's signals only; a plug's signal goes under onPlugSignals/,
    ],
    [
      "a made-up signal under on",
      { on: { "patient.deleted": { mode: "afterCommit", handle: () => {} } } },
      /^plug attacker subscribes to patient\.deleted under on, which takes the core's signals only; the core's signals are: /,
    ],
    [
      "another plug's signal without depending on it",
      { onPlugSignals: { "victim.leaked": { mode: "afterCommit", handle: () => {} } } },
      /^plug attacker subscribes to victim\.leaked, but does not depend on plug victim/,
    ],
  ];
  for (const [what, definition, message] of refusals) {
    it(`refuses to boot a plug subscribing to ${what}, and changes nothing`, async () => {
      const before = await migrationSnapshot(database);
      await expect(bootPlugs([await victim(), await attacker(definition)], { database })).rejects.toThrow(message);
      expect(await migrationSnapshot(database)).toEqual(before);
    });
  }
});

describe("signals a plug may not emit", () => {
  let deployment: IsolationDeployment;
  beforeAll(async () => {
    deployment = await openIsolationDeployment();
  });
  afterAll(() => deployment?.close());

  describe.each(sites)("from %s", (site) => {
    it("refuses context.emit of a core signal's name, naming the plug; nobody hears it", async () => {
      const [outcome] = await deployment.attackAndCompare(site, [
        (context) => context.emit("patient.created" as never, forgedPatient() as never),
      ]);
      expect(outcome?.ok, "a plug emitted patient.created").toBe(false);
      if (outcome && !outcome.ok) expect(outcome.message).toMatch(/\bplug attacker\b.*\bpatient\.created\b/);
      await deployment.core.dispatcher.deliverDue();
      expect(forgedDeliveries()).toEqual([]);
    });
  });

  it("refuses a forged outbox row sent as SQL: the database stops it", async () => {
    const [outcome] = await deployment.attackAndCompare("route", [
      plugSql(
        sql`insert into care_system.outbox (event_id, signal, subscriber, payload)
          values (gen_random_uuid(), 'patient.created', 'victim', ${JSON.stringify(forgedPatient())}::jsonb)`,
      ),
    ]);
    expectRefused(outcome);
  });

  it("dead-letters a row that got into the outbox anyway and does not parse: the victim plug never gets it", async () => {
    // Written as the app, standing for a row no service wrote (an old version's, a DBA's mistake).
    const forge = (signal: string, payload: unknown) =>
      deployment.database.db
        .insertInto("care_system.outbox")
        .values({ event_id: crypto.randomUUID(), signal, subscriber: "victim", payload: JSON.stringify(payload) } as never)
        .returning("event_id")
        .executeTakeFirstOrThrow();
    const bad = await forge("patient.created", {
      patient: { ...forgedPatient("Forged bad").patient, id: "not-a-uuid" },
      actor: { kind: "system", name: "core" },
    });
    const undefinedSignal = await forge("victim.leaked.v2", { body: "x" });
    await deployment.core.dispatcher.deliverDue();
    expect(forgedDeliveries()).toEqual([]);
    const rows = await deployment.database.db
      .selectFrom("care_system.outbox")
      .select(["event_id", "status", "last_error"])
      .where("event_id", "in", [bad.event_id, undefinedSignal.event_id])
      .execute();
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    expect(byId.get(bad.event_id)).toMatchObject({
      status: "failed",
      last_error: expect.stringMatching(/^payload does not match signal patient\.created: patient\.id: /),
    });
    expect(byId.get(undefinedSignal.event_id)).toMatchObject({
      status: "failed",
      last_error: "signal victim.leaked.v2 is not defined in this deployment",
    });
  });
});

describe("a plug that names one of its own signals like a core signal", () => {
  it("emits it under its own name only: the core signal's subscribers hear nothing", async () => {
    const database = await openScratchDatabase();
    try {
      const heard: unknown[] = [];
      const listener = await fixturePlug({
        id: "listener",
        on: { "patient.created": { mode: "afterCommit", handle: (payload) => void heard.push(payload) } },
      });
      const mimic = await fixturePlug({
        id: "mimic",
        emits: { "patient.created": z.any() },
        routes: [
          route.post(
            "/emit",
            async (_request, _reply, context) => (await context.emit("patient.created", forgedPatient()), { sent: true }),
          ),
        ],
      });
      const booted = await bootPlugs([listener, mimic], { database }).catch((error: Error) => error);
      // Refusing the name at boot would do as well; then the refusal must name the plug.
      if (booted instanceof Error) return void expect(booted.message).toMatch(/\bplug mimic\b/);
      const response = await booted.app.inject({
        method: "POST",
        url: "/api/plugs/mimic/emit",
        headers: { authorization: `Bearer ${await booted.token()}` },
      });
      await booted.core.signals.idle();
      expect(heard).toEqual([]);
      expect(response.statusCode === 200 || response.statusCode === 500, response.body).toBe(true);
      await booted.close();
    } finally {
      await database.close();
    }
  });
});
