import { openScratchDatabase, systemActor } from "@care/core";
import { sql } from "kysely";
import { expect } from "vitest";
import { z } from "zod";
import type { PlugContext } from "@care/plug-api";
import { route } from "../untyped-route.js";
import { bootPlugs, fixturePlug, type FixtureOptions } from "../fixture-plug.js";
import { appSessions, isolationSnapshot } from "./snapshot.js";

/**
 * Every place a plug's code runs at run time. Each attack runs from each of them: the database must
 * hold it back whichever connection, transaction and actor the runtime hands the plug there.
 * - route: a plug route called by an administrator (the most powerful caller there is);
 * - transaction: the same route, inside `context.transaction(...)` (the core's unit of work);
 * - afterCommit / durable / inTransaction: handlers of core signals in each delivery mode;
 * - start, stop: the plug's hooks.
 */
export const sites = ["route", "transaction", "afterCommit", "durable", "inTransaction", "start", "stop"] as const;
export type Site = (typeof sites)[number];

/** One thing the attacker tries; each step is run and recorded, refused or not, so all are seen. */
export type Step = (context: PlugContext) => Promise<unknown>;
export type Outcome = { ok: true; value: unknown } | { ok: false; code: string | undefined; message: string };

const attackerId = "attacker";
const victimId = "victim";
/** What the victim plug keeps in its own table, and what must still be there after every attack. */
export const victimSecret = "victim-secret";

let armed: { site: Site; steps: Step[]; outcomes: Outcome[]; settle(): void } | undefined;

/** Runs the armed attack if it is meant for `site`; the attacker swallows refusals to go on trying. */
async function fire(site: Site, context: PlugContext): Promise<void> {
  const attack = armed;
  if (!attack || attack.site !== site) return;
  armed = undefined;
  for (const step of attack.steps) {
    try {
      attack.outcomes.push({ ok: true, value: await step(context) });
    } catch (error) {
      const failure = error as { code?: unknown; message?: unknown };
      attack.outcomes.push({
        ok: false,
        code: failure?.code === undefined ? undefined : String(failure.code),
        message: String(failure?.message ?? error),
      });
    }
  }
  attack.settle();
}

/** Payloads the victim's durable subscription to a core signal received: forged ones must never arrive. */
export const victimReceived: unknown[] = [];

export interface IsolationOptions {
  /** More routes of the attacker, beside the standard ones. */
  routes?: FixtureOptions["routes"];
}

/**
 * A deployment with an attacker plug, a victim plug with a secret in its own table, facilities
 * North and South with a patient each, a nurse of North, and a facility "Trigger" whose patient
 * the tests change to fire the attacker's signal handlers (its rows are left out of snapshots).
 */
export async function openIsolationDeployment(options: IsolationOptions = {}) {
  const database = await openScratchDatabase();
  const victim = await fixturePlug({
    id: victimId,
    install: `create table secrets (id int primary key, body text not null);\ninsert into secrets values (1, '${victimSecret}');`,
    emits: { leaked: z.object({ body: z.string() }) },
    on: { "patient.created": { mode: "durable", handle: (payload) => void victimReceived.push(payload) } },
  });
  const attacker = await fixturePlug({
    id: attackerId,
    // What the control cases read; everything else of the core is what the attacks try for.
    coreReads: { facilities: ["id", "name", "kind"], users: ["id", "username", "roles", "active"] },
    install: "create table notes (id int primary key, body text not null);\ninsert into notes values (1, 'mine');",
    on: {
      "patient.created": { mode: "afterCommit", handle: (_payload, context) => fire("afterCommit", context) },
      "patient.updated": { mode: "durable", handle: (_payload, context) => fire("durable", context) },
      "encounter.created": { mode: "inTransaction", handle: (_payload, context) => fire("inTransaction", context) },
    },
    routes: [
      route.post("/attack", async (_request, _reply, context) => (await fire("route", context), { done: true })),
      route.post(
        "/attack-in-transaction",
        async (_request, _reply, context) => (await context.transaction(() => fire("transaction", context)), { done: true }),
      ),
      ...(options.routes ?? []),
    ],
    hooks: { start: (context) => fire("start", context), stop: (context) => fire("stop", context) },
  });

  const booted = await bootPlugs([victim, attacker], { database });
  const system = systemActor("isolation-test");
  const { core, app } = booted;
  const north = await core.facilities.create(system, { name: "North", kind: "hospital" });
  const south = await core.facilities.create(system, { name: "South", kind: "clinic" });
  const trigger = await core.facilities.create(system, { name: "Trigger", kind: "other" });
  const person = { birthDate: "1980-02-03", sex: "female" as const };
  const northPatient = await core.patients.create(system, { facilityId: north.id, name: "Ada North", ...person });
  const southPatient = await core.patients.create(system, {
    facilityId: south.id,
    name: "Sam South",
    phone: "+255 700 000 001",
    ...person,
  });
  const triggerPatient = await core.patients.create(system, { facilityId: trigger.id, name: "Trigger Patient", ...person });
  const nursePassword = "nurse-password-123";
  const nurse = await core.users.create(system, {
    username: "nurse",
    displayName: "Nurse North",
    password: nursePassword,
    roles: ["nurse"],
    facilityIds: [north.id],
  });
  await core.signals.idle();
  await core.dispatcher.deliverDue();
  const adminToken = await booted.token();
  const nurseToken = (await core.sessions.login({ username: "nurse", password: nursePassword })).token;
  /** The app's sessions as the deployment left them before any attack. */
  const baseline = await appSessions(database);
  let changes = 0;

  const deployment = {
    database,
    booted,
    core,
    app,
    ids: {
      north: north.id,
      south: south.id,
      trigger: trigger.id,
      northPatient: northPatient.id,
      southPatient: southPatient.id,
      triggerPatient: triggerPatient.id,
      nurse: nurse.id,
    },
    tokens: { admin: adminToken, nurse: nurseToken },
    nursePassword,
    baseline,
    snapshot: () => isolationSnapshot(database, trigger.id),

    /** Makes the attacker run `steps` from `site`, and answers what each step came to. */
    async attackFrom(site: Site, steps: Step[]): Promise<Outcome[]> {
      const outcomes: Outcome[] = [];
      const ran = new Promise<void>((settle) => void (armed = { site, steps, outcomes, settle }));
      const system = systemActor("isolation-trigger");
      changes += 1;
      if (site === "route" || site === "transaction") {
        const url = site === "route" ? "/api/plugs/attacker/attack" : "/api/plugs/attacker/attack-in-transaction";
        await app.inject({ method: "POST", url, headers: { authorization: `Bearer ${adminToken}` } });
      } else if (site === "afterCommit") {
        await core.patients.create(system, { facilityId: trigger.id, name: `Trigger ${changes}`, ...person });
        await core.signals.idle();
      } else if (site === "durable") {
        await core.patients.update(system, triggerPatient.id, { phone: `+1 555 ${String(changes).padStart(4, "0")}` });
        await core.dispatcher.deliverDue();
      } else if (site === "inTransaction") {
        // The core's own write the handler runs in: whatever the plug did, it is whole or not at all.
        const written = await core.encounters.create(system, { patientId: triggerPatient.id, kind: "outpatient" }).catch(() => undefined);
        if (written) {
          const kept = await database.db.selectFrom("core.encounters").select("id").where("id", "=", written.id).execute();
          // Soft, so the checks that nothing else changed still run.
          expect.soft(kept, "the core reported its write done, but the transaction the plug's handler ran in was lost").toHaveLength(1);
        }
      } else {
        // A restart: the same plugs start on the same database (start hook), then stop (stop hook).
        const again = await bootPlugs([victim, attacker], { database });
        await again.close();
      }
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000).unref());
      if ((await Promise.race([ran, timeout])) === "timeout") {
        armed = undefined;
        throw new Error(`the attacker's ${site} code never ran`);
      }
      return outcomes;
    },

    /**
     * Runs `steps` from `site` and checks that nothing changed: the data, the catalog and the app's
     * sessions are as before, and a nurse can still log in and list her patients.
     */
    async attackAndCompare(site: Site, steps: Step[]): Promise<Outcome[]> {
      const before = await deployment.snapshot();
      const outcomes = await deployment.attackFrom(site, steps);
      expect(await deployment.snapshot(), "the attack changed data or the catalog").toEqual(before);
      expect(await appSessions(database), "the app's sessions no longer run as they did").toEqual(baseline);
      await deployment.coreStillWorks();
      return outcomes;
    },

    /** A nurse logs in and lists the patients of her facility, as after any attack she must. */
    async coreStillWorks(): Promise<void> {
      const login = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "nurse", password: nursePassword },
      });
      expect(login.statusCode, login.body).toBe(200);
      const list = await app.inject({ method: "GET", url: "/api/v1/patients", headers: { authorization: `Bearer ${login.json().token}` } });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.map((patient: { id: string }) => patient.id)).toEqual([northPatient.id]);
    },

    async close(): Promise<void> {
      await booted.close();
      await database.close();
    },
  };
  return deployment;
}

export type IsolationDeployment = Awaited<ReturnType<typeof openIsolationDeployment>>;

/** SQL run through the plug's own `context.db`, as a plug's code would send it. */
export const plugSql = (query: ReturnType<typeof sql>) => (context: PlugContext) => query.execute(context.db).then((result) => result.rows);

/** Who the plug's statement runs as: read from inside, after an escape attempt. */
export const whoAmI: Step = plugSql(sql`select current_user as "user", session_user as "session", current_setting('search_path') as path`);

export { attackerId, victimId };
