import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlugContext } from "@care/plug-api";
import { route } from "../untyped-route.js";
import { openIsolationDeployment, type IsolationDeployment, type Outcome, type Site } from "./deployment.js";
import { expectCoreRefusal, expectRefused } from "./expect-refused.js";

// The core a plug calls acts as someone: in a route the signed-in caller, with the core's facility
// scoping; nobody on a public route or in handlers and hooks. A nurse calling a plug route must not
// get through the plug what the core's own API refuses her.
let deployment: IsolationDeployment;

/** Runs each try and answers how it went, as JSON, so the test sees every one of them. */
async function tries(attempts: Record<string, () => Promise<unknown>>): Promise<Record<string, Outcome>> {
  const outcomes: Record<string, Outcome> = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      outcomes[name] = { ok: true, value: await attempt() };
    } catch (error) {
      const failure = error as { code?: string; message?: string };
      outcomes[name] = { ok: false, code: failure.code, message: String(failure.message ?? error) };
    }
  }
  return outcomes;
}

const nurseAttempts = (context: PlugContext, ids: { north: string; south: string; southPatient: string }) => ({
  actor: async () => context.actor,
  usersUpdate: async () => (context.core.users as any).update(userId(context), { roles: ["admin"] }),
  asPlugUsersUpdate: async () => (context.asPlug().core.users as any).update(userId(context), { roles: ["admin"] }),
  sqlPromote: async () => sql`update core.users set roles = '{admin}' where username = 'nurse'`.execute(context.db),
  renameFacility: async () => context.core.facilities.update(ids.north, { name: "Nurse's own" }),
  southPatient: async () => context.core.patients.get(ids.southPatient),
  southPatientUpdate: async () => context.core.patients.update(ids.southPatient, { phone: "+1 000" }),
  patients: async () => (await context.core.patients.list()).items.map((patient) => patient.name),
  southEncounters: async () => (await context.core.encounters.list({ facilityId: ids.south })).items.length,
});
const userId = (context: PlugContext) => (context.actor?.kind === "user" ? context.actor.userId : "none");

beforeAll(async () => {
  const ids = { north: "", south: "", southPatient: "" };
  deployment = await openIsolationDeployment({
    routes: [
      route.post("/promote-me", async (_request, _reply, context) => tries(nurseAttempts(context, ids))),
      // Not caught: the core's refusal answers the caller as the core's own API would.
      route.get("/patients/:id", async (request, _reply, context) => context.core.patients.get((request.params as { id: string }).id)),
      route.post(
        "/webhook",
        async (_request, _reply, context) => ({ actor: context.actor, patients: await context.core.patients.list() }),
        {
          public: { reason: "a provider calls it", authenticate: () => true },
        },
      ),
      route.post("/webhook-checks", async () => ({ accepted: true }), {
        public: {
          reason: "a provider calls it",
          authenticate: async (_request, context) => (await context.core.patients.list()).items.length >= 0,
        },
      }),
    ],
  });
  Object.assign(ids, { north: deployment.ids.north, south: deployment.ids.south, southPatient: deployment.ids.southPatient });
});
afterAll(() => deployment?.close());

const nurseHeaders = () => ({ authorization: `Bearer ${deployment.tokens.nurse}` });

describe("a nurse calling a plug route", () => {
  it("cannot promote herself or reach another facility's patient through the plug", async () => {
    const before = await deployment.snapshot();
    const response = await deployment.app.inject({ method: "POST", url: "/api/plugs/attacker/promote-me", headers: nurseHeaders() });
    expect(response.statusCode, response.body).toBe(200);
    const outcomes = response.json() as Record<string, Outcome>;
    // The route's context acts as the caller, not as an admin-equivalent system actor.
    expect(outcomes.actor).toMatchObject({ ok: true, value: { kind: "user", username: "nurse", roles: ["nurse"] } });
    // Plugs read users; accounts and roles are changed through the core's own API only.
    expect(outcomes.usersUpdate).toMatchObject({ ok: false });
    expect(outcomes.asPlugUsersUpdate).toMatchObject({ ok: false });
    expectRefused(outcomes.sqlPromote);
    expectCoreRefusal(outcomes.renameFacility, "forbidden");
    expectCoreRefusal(outcomes.southPatient, "not_found");
    expect(JSON.stringify(outcomes.southPatient)).not.toContain("Sam South");
    expect(
      outcomes.southPatientUpdate &&
        !outcomes.southPatientUpdate.ok &&
        ["not_found", "forbidden"].includes(outcomes.southPatientUpdate.code!),
      JSON.stringify(outcomes.southPatientUpdate),
    ).toBe(true);
    expect(outcomes.patients).toEqual({ ok: true, value: ["Ada North"] });
    expect(outcomes.southEncounters?.ok ? outcomes.southEncounters.value : 0).toBe(0);

    expect(await deployment.snapshot()).toEqual(before);
    const me = await deployment.app.inject({ method: "GET", url: "/api/v1/me", headers: nurseHeaders() });
    expect(me.json().roles).toEqual(["nurse"]);
    expect(
      (await deployment.app.inject({ method: "GET", url: `/api/v1/patients/${deployment.ids.southPatient}`, headers: nurseHeaders() }))
        .statusCode,
    ).toBe(404);
  });

  it("gets the core's 404 for another facility's patient, with none of its data", async () => {
    const response = await deployment.app.inject({
      method: "GET",
      url: `/api/plugs/attacker/patients/${deployment.ids.southPatient}`,
      headers: nurseHeaders(),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("not_found");
    expect(response.body).not.toContain("Sam South");
    expect(response.body).not.toContain("+255");
    const own = await deployment.app.inject({
      method: "GET",
      url: `/api/plugs/attacker/patients/${deployment.ids.northPatient}`,
      headers: nurseHeaders(),
    });
    expect(own.json().name).toBe("Ada North");
  });
});

describe("a public plug route has no caller to act for", () => {
  it("answers 401 when its handler calls the core, naming the plug", async () => {
    const before = await deployment.snapshot();
    const response = await deployment.app.inject({ method: "POST", url: "/api/plugs/attacker/webhook" });
    expect(response.statusCode, response.body).toBe(401);
    expect(response.json().error.code).toBe("unauthorized");
    expect(response.json().error.message).toMatch(/\bplug attacker\b/);
    expect(response.body).not.toContain("Ada North");
    expect(await deployment.snapshot()).toEqual(before);
  });

  it("answers 401 when its authenticate check calls the core", async () => {
    const response = await deployment.app.inject({ method: "POST", url: "/api/plugs/attacker/webhook-checks" });
    expect(response.statusCode, response.body).toBe(401);
    expect(response.body).not.toContain("Ada North");
  });
});

describe.each(["afterCommit", "durable", "inTransaction", "start", "stop"] as Site[])("the core called from a plug's %s code", (site) => {
  it("acts for nobody: every call is refused as unauthorized, naming the plug", async () => {
    const outcomes = await deployment.attackAndCompare(site, [
      (context) => context.core.patients.list(),
      (context) => context.core.patients.get(deployment.ids.southPatient),
      (context) => context.core.facilities.create({ name: "Planted", kind: "clinic" }),
      (context) => context.core.users.list(),
    ]);
    for (const outcome of outcomes) {
      expectCoreRefusal(outcome, "unauthorized");
      if (!outcome.ok) expect(outcome.message).toMatch(/\bplug attacker\b/);
    }
  });
});
