import { describe, expect, it } from "vitest";
import type { Actor, Encounter, EncounterService, EncounterStatus } from "../src/index.js";
import { illegalMoves } from "./encounter-moves.js";
import { careError, pathsOf, recordSignals, seed, system, useCore, userActor } from "./helpers.js";

const password = "correct horse battery";

describe("encounter service", () => {
  const started = useCore();

  it("opens a planned encounter at the patient's facility and emits encounter.created with the encounter and the actor", async () => {
    const { core } = started;
    const { north, northPatient, doctor, doctorUser } = await seed(core);
    const signals = recordSignals(core);
    const encounter = await core.encounters.create(doctor, {
      patientId: northPatient.id,
      kind: "outpatient",
      attendingUserId: doctorUser.id,
      notes: "cough for 3 days",
    });
    expect(encounter).toEqual({
      id: expect.any(String),
      patientId: northPatient.id,
      facilityId: north.id,
      kind: "outpatient",
      status: "planned",
      startedAt: null,
      endedAt: null,
      attendingUserId: doctorUser.id,
      notes: "cough for 3 days",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await core.encounters.get(doctor, encounter.id)).toEqual(encounter);
    expect(await signals()).toEqual([
      { signal: "encounter.created", payload: { encounter, actor: { kind: "user", userId: doctorUser.id, username: "dr.north" } } },
    ]);
  });

  it("can open an encounter already in progress, which sets startedAt", async () => {
    const { core } = started;
    const { northPatient, doctor } = await seed(core);
    const encounter = await core.encounters.create(doctor, { patientId: northPatient.id, kind: "emergency", status: "in_progress" });
    expect(encounter).toMatchObject({
      status: "in_progress",
      startedAt: expect.any(String),
      endedAt: null,
      attendingUserId: null,
      notes: null,
    });
  });

  it("refuses to open an encounter as finished or cancelled, or with bad input", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    for (const status of ["finished", "cancelled", "discharged"]) {
      const error = await careError(
        core.encounters.create(system, { patientId: northPatient.id, kind: "inpatient", status } as never),
        "validation_failed",
      );
      expect(pathsOf(error)).toEqual(["status"]);
    }
    const error = await careError(
      core.encounters.create(system, { patientId: "p-1", kind: "house-call", facilityId: northPatient.facilityId } as never),
      "validation_failed",
    );
    expect(pathsOf(error).sort()).toEqual(["facilityId", "kind", "patientId"]);
    const unknown = await careError(
      core.encounters.create(system, { patientId: "0190f0c2-0000-7000-8000-000000000000", kind: "inpatient" }),
      "validation_failed",
    );
    expect(pathsOf(unknown)).toEqual(["patientId"]);
    expect((await core.encounters.list(system)).items).toEqual([]);
  });

  it("walks planned → in_progress → finished, stamping startedAt and endedAt and emitting updated then closed", async () => {
    const { core } = started;
    const { northPatient, doctor, doctorUser } = await seed(core);
    const planned = await core.encounters.create(doctor, { patientId: northPatient.id, kind: "inpatient" });
    const signals = recordSignals(core);

    const inProgress = await core.encounters.update(doctor, planned.id, { status: "in_progress" });
    expect(inProgress).toMatchObject({ status: "in_progress", startedAt: expect.any(String), endedAt: null });
    const finished = await core.encounters.update(doctor, planned.id, { status: "finished", notes: "discharged home" });
    expect(finished).toMatchObject({
      status: "finished",
      startedAt: inProgress.startedAt,
      endedAt: expect.any(String),
      notes: "discharged home",
    });
    expect(Date.parse(finished.endedAt!)).toBeGreaterThanOrEqual(Date.parse(finished.startedAt!));

    const actor = { kind: "user", userId: doctorUser.id, username: "dr.north" };
    expect(await signals()).toEqual([
      { signal: "encounter.updated", payload: { encounter: inProgress, previousStatus: "planned", actor } },
      { signal: "encounter.updated", payload: { encounter: finished, previousStatus: "in_progress", actor } },
      { signal: "encounter.closed", payload: { encounter: finished, actor } },
    ]);
  });

  it("cancels a planned encounter without ever starting it, and emits encounter.closed", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    const planned = await core.encounters.create(system, { patientId: northPatient.id, kind: "outpatient" });
    const signals = recordSignals(core);
    const cancelled = await core.encounters.update(system, planned.id, { status: "cancelled" });
    expect(cancelled).toMatchObject({ status: "cancelled", startedAt: null, endedAt: expect.any(String) });
    expect((await signals()).map((entry) => [entry.signal, entry.payload.encounter.status])).toEqual([
      ["encounter.updated", "cancelled"],
      ["encounter.closed", "cancelled"],
    ]);
  });

  it("cancels an encounter in progress, keeping when it started", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    const running = await core.encounters.create(system, { patientId: northPatient.id, kind: "emergency", status: "in_progress" });
    const cancelled = await core.encounters.update(system, running.id, { status: "cancelled" });
    expect(cancelled).toMatchObject({ status: "cancelled", startedAt: running.startedAt, endedAt: expect.any(String) });
  });

  it.each(illegalMoves)("refuses %s → %s as an illegal transition, changing nothing and emitting nothing", async (from, to) => {
    const { core } = started;
    const { northPatient } = await seed(core);
    const encounter = await reach(core.encounters, system, northPatient.id, from);
    const signals = recordSignals(core);
    const error = await careError(
      core.encounters.update(system, encounter.id, { status: to, notes: "should not be saved" }),
      "illegal_transition",
    );
    expect(error.details).toEqual([{ path: "status", message: `${from} → ${to} is not allowed` }]);
    expect(await core.encounters.get(system, encounter.id)).toEqual(encounter);
    expect(await signals()).toEqual([]);
  });

  it("edits notes and the attending clinician without moving the status", async () => {
    const { core } = started;
    const { northPatient, doctor, doctorUser } = await seed(core);
    const encounter = await core.encounters.create(doctor, { patientId: northPatient.id, kind: "outpatient", notes: "first note" });
    const signals = recordSignals(core);
    const edited = await core.encounters.update(doctor, encounter.id, { attendingUserId: doctorUser.id, notes: "" });
    expect(edited).toMatchObject({ status: "planned", attendingUserId: doctorUser.id, notes: null, startedAt: null });
    const unassigned = await core.encounters.update(doctor, encounter.id, { attendingUserId: null });
    expect(unassigned.attendingUserId).toBeNull();
    expect((await signals()).map((entry) => [entry.signal, entry.payload.previousStatus])).toEqual([
      ["encounter.updated", "planned"],
      ["encounter.updated", "planned"],
    ]);
  });

  it("accepts as attending only an active user of the encounter's facility, or an administrator", async () => {
    const { core } = started;
    const { northPatient, nurseUser, doctorUser } = await seed(core);
    const encounter = await core.encounters.create(system, { patientId: northPatient.id, kind: "outpatient" });

    const elsewhere = await careError(core.encounters.update(system, encounter.id, { attendingUserId: nurseUser.id }), "validation_failed");
    expect(elsewhere.details).toEqual([{ path: "attendingUserId", message: "this user does not work at the encounter's facility" }]);
    const nobody = await careError(
      core.encounters.create(system, {
        patientId: northPatient.id,
        kind: "outpatient",
        attendingUserId: "0190f0c2-0000-7000-8000-000000000000",
      }),
      "validation_failed",
    );
    expect(pathsOf(nobody)).toEqual(["attendingUserId"]);

    const admin = await core.users.create(system, { username: "admin", displayName: "Admin", password, roles: ["admin"] });
    expect((await core.encounters.update(system, encounter.id, { attendingUserId: admin.id })).attendingUserId).toBe(admin.id);

    await core.users.update(system, doctorUser.id, { active: false });
    const inactive = await careError(core.encounters.update(system, encounter.id, { attendingUserId: doctorUser.id }), "validation_failed");
    expect(inactive.details).toEqual([{ path: "attendingUserId", message: "this user is deactivated" }]);
  });

  it("refuses to update an encounter that does not exist, or with bad input", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    await careError(core.encounters.update(system, "0190f0c2-0000-7000-8000-000000000000", { notes: "x" }), "not_found");
    const encounter = await core.encounters.create(system, { patientId: northPatient.id, kind: "outpatient" });
    const error = await careError(
      core.encounters.update(system, encounter.id, { status: "done", kind: "inpatient" } as never),
      "validation_failed",
    );
    expect(pathsOf(error).sort()).toEqual(["kind", "status"]);
  });

  it("keeps staff to the encounters of their own facilities; administrators reach all", async () => {
    const { core } = started;
    const { doctor, nurse, northPatient, southPatient } = await seed(core);
    const northVisit = await core.encounters.create(doctor, { patientId: northPatient.id, kind: "outpatient" });
    const southVisit = await core.encounters.create(nurse, { patientId: southPatient.id, kind: "emergency", status: "in_progress" });
    const signals = recordSignals(core);

    const foreignPatient = await careError(
      core.encounters.create(doctor, { patientId: southPatient.id, kind: "outpatient" }),
      "validation_failed",
    );
    expect(pathsOf(foreignPatient)).toEqual(["patientId"]);
    await careError(core.encounters.get(doctor, southVisit.id), "not_found");
    await careError(core.encounters.update(doctor, southVisit.id, { status: "finished" }), "not_found");
    expect((await core.encounters.get(system, southVisit.id)).status).toBe("in_progress");
    expect(await signals()).toEqual([]);

    const ids = async (actor: Actor, filter = {}) => (await core.encounters.list(actor, filter)).items.map((encounter) => encounter.id);
    expect(await ids(doctor)).toEqual([northVisit.id]);
    expect(await ids(nurse)).toEqual([southVisit.id]);
    expect(await ids(system)).toEqual([northVisit.id, southVisit.id]);
    expect(await ids(doctor, { facilityId: southPatient.facilityId })).toEqual([]);
    expect(await ids(doctor, { patientId: southPatient.id })).toEqual([]);
  });

  it("filters by facility, patient and status", async () => {
    const { core } = started;
    const { north, south, northPatient, southPatient } = await seed(core);
    const second = await core.patients.create(system, { facilityId: north.id, name: "Second North", birthDate: "1960-01-01", sex: "male" });
    const a = await core.encounters.create(system, { patientId: northPatient.id, kind: "outpatient" });
    const b = await core.encounters.create(system, { patientId: second.id, kind: "inpatient", status: "in_progress" });
    const c = await core.encounters.create(system, { patientId: southPatient.id, kind: "emergency", status: "in_progress" });
    await core.encounters.update(system, c.id, { status: "finished" });

    const ids = async (filter: object) => (await core.encounters.list(system, filter)).items.map((encounter) => encounter.id);
    expect(await ids({ facilityId: north.id })).toEqual([a.id, b.id]);
    expect(await ids({ facilityId: south.id })).toEqual([c.id]);
    expect(await ids({ patientId: second.id })).toEqual([b.id]);
    expect(await ids({ status: "in_progress" })).toEqual([b.id]);
    expect(await ids({ status: "finished" })).toEqual([c.id]);
    expect(await ids({ status: "planned", facilityId: north.id })).toEqual([a.id]);
    expect(await ids({ status: "cancelled" })).toEqual([]);
    const bad = await careError(core.encounters.list(system, { status: "open" as never }), "validation_failed");
    expect(pathsOf(bad)).toEqual(["status"]);
  });

  it("rolls back the whole close when a subscriber of encounter.closed vetoes it", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    const encounter = await core.encounters.create(system, { patientId: northPatient.id, kind: "inpatient", status: "in_progress" });
    core.signals.subscribe("encounter.closed", "lab:pending-orders", "inTransaction", () => {
      throw new Error("2 lab orders are still pending");
    });
    await expect(core.encounters.update(system, encounter.id, { status: "finished" })).rejects.toThrow("2 lab orders are still pending");
    expect(await core.encounters.get(system, encounter.id)).toEqual(encounter);
  });

  it("lets an administrator who belongs to no facility open encounters anywhere", async () => {
    const { core } = started;
    const { southPatient } = await seed(core);
    const admin = await core.users.create(system, { username: "admin", displayName: "Admin", password, roles: ["admin"] });
    const encounter = await core.encounters.create(userActor(admin), { patientId: southPatient.id, kind: "outpatient" });
    expect(encounter.facilityId).toBe(southPatient.facilityId);
  });
});

/** An encounter brought to `status` along legal moves. */
async function reach(service: EncounterService, actor: Actor, patientId: string, status: EncounterStatus): Promise<Encounter> {
  const encounter = await service.create(actor, {
    patientId,
    kind: "outpatient",
    status: status === "planned" ? "planned" : "in_progress",
  });
  if (status === "planned" || status === "in_progress") return encounter;
  return service.update(actor, encounter.id, { status });
}
