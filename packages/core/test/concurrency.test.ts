import { describe, expect, it } from "vitest";
import { CareError } from "../src/index.js";
import { seed, system, useCore } from "./helpers.js";

/** Settles every call and answers what each one ended as: "ok" or the CareError code. */
async function outcomes(calls: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === "fulfilled") return "ok";
    if (result.reason instanceof CareError) return result.reason.code;
    throw result.reason;
  });
}

describe("writes that race", () => {
  const started = useCore();

  it("registers many patients at once, each exactly once", async () => {
    const { core } = started;
    const { north } = await seed(core);
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        core.patients.create(system, { facilityId: north.id, name: `Walk-in ${i}`, birthDate: "2000-01-01", sex: "unknown" }),
      ),
    );
    expect(new Set(created.map((patient) => patient.id)).size).toBe(12);
    expect((await core.patients.list(system, { q: "walk-in" })).items).toHaveLength(12);
  });

  it("lets only one of two simultaneous registrations take the same identifier", async () => {
    const { core } = started;
    const { north } = await seed(core);
    const register = (name: string) =>
      core.patients.create(system, {
        facilityId: north.id,
        name,
        birthDate: "1999-01-01",
        sex: "female",
        identifiers: [{ system: "tz-nida", value: "SAME" }],
      });
    expect((await outcomes([register("First"), register("Second")])).sort()).toEqual(["conflict", "ok"]);
    expect((await core.patients.list(system)).items.filter((patient) => patient.identifiers.length > 0)).toHaveLength(1);
  });

  it("lets only one of two simultaneous users take the same username", async () => {
    const { core } = started;
    const create = (displayName: string) =>
      core.users.create(system, { username: "same.name", displayName, password: "correct horse battery", roles: ["staff"] });
    expect((await outcomes([create("One"), create("Two")])).sort()).toEqual(["conflict", "ok"]);
  });

  it("lets only one of two simultaneous closes of an encounter win; the other is an illegal transition", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    const encounter = await core.encounters.create(system, { patientId: northPatient.id, kind: "emergency", status: "in_progress" });
    const closed: string[] = [];
    core.signals.subscribe("encounter.closed", "count-closes", "afterCommit", (payload) => void closed.push(payload.encounter.status));
    const results = await outcomes([
      core.encounters.update(system, encounter.id, { status: "finished" }),
      core.encounters.update(system, encounter.id, { status: "cancelled" }),
    ]);
    expect(results.sort()).toEqual(["illegal_transition", "ok"]);
    await core.signals.idle();
    expect(closed).toEqual([(await core.encounters.get(system, encounter.id)).status]);
  });
});
