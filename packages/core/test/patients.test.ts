import { describe, expect, it } from "vitest";
import { careError, pathsOf, recordSignals, seed, system, useCore } from "./helpers.js";

const nationalId = (value: string) => ({ system: "tz-nida", value });
const insurance = (value: string) => ({ system: "nhif", value });

describe("patient service", () => {
  const started = useCore();

  it("registers a patient at a facility and emits patient.created with the patient and the actor", async () => {
    const { core } = started;
    const { north, doctor, doctorUser } = await seed(core);
    const signals = recordSignals(core);
    const patient = await core.patients.create(doctor, {
      facilityId: north.id,
      name: " Neema Mushi ",
      birthDate: "2001-06-15",
      sex: "female",
      phone: "+255 713 000 111",
      address: "Plot 12, Arusha",
      identifiers: [nationalId("19900402-12345-00001-21"), insurance("NHIF-778")],
    });
    expect(patient).toEqual({
      id: expect.any(String),
      facilityId: north.id,
      name: "Neema Mushi",
      birthDate: "2001-06-15",
      sex: "female",
      phone: "+255 713 000 111",
      address: "Plot 12, Arusha",
      identifiers: [insurance("NHIF-778"), nationalId("19900402-12345-00001-21")],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await core.patients.get(doctor, patient.id)).toEqual(patient);
    expect(await signals()).toEqual([
      { signal: "patient.created", payload: { patient, actor: { kind: "user", userId: doctorUser.id, username: "dr.north" } } },
    ]);
  });

  it("refuses bad input, naming each bad field", async () => {
    const { core } = started;
    const { north } = await seed(core);
    const error = await careError(
      core.patients.create(system, {
        facilityId: "north",
        name: "",
        birthDate: "2001-02-30",
        sex: "robot" as never,
        identifiers: [{ system: "tz-nida", value: "" }],
        bloodGroup: "O+",
      } as never),
      "validation_failed",
    );
    expect(pathsOf(error).sort()).toEqual(["birthDate", "bloodGroup", "facilityId", "identifiers.0.value", "name", "sex"]);

    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = await careError(
      core.patients.create(system, { facilityId: north.id, name: "Not Born", birthDate: tomorrow, sex: "unknown" }),
      "validation_failed",
    );
    expect(future.details).toEqual([{ path: "birthDate", message: "must not be in the future" }]);
    const missing = await careError(core.patients.create(system, { facilityId: north.id } as never), "validation_failed");
    expect(pathsOf(missing).sort()).toEqual(["birthDate", "name", "sex"]);
  });

  it("refuses a facility that does not exist", async () => {
    const error = await careError(
      started.core.patients.create(system, {
        facilityId: "0190f0c2-0000-7000-8000-000000000000",
        name: "Lost",
        birthDate: "1970-01-01",
        sex: "male",
      }),
      "validation_failed",
    );
    expect(pathsOf(error)).toEqual(["facilityId"]);
  });

  it("gives an identifier to one patient only: a value another patient holds is a conflict", async () => {
    const { core } = started;
    const { northPatient, southPatient } = await seed(core);
    await core.patients.update(system, northPatient.id, { identifiers: [nationalId("A-1")] });
    const error = await careError(
      core.patients.update(system, southPatient.id, { identifiers: [insurance("X"), nationalId("A-1")] }),
      "conflict",
    );
    expect(pathsOf(error)).toEqual(["identifiers.1.value"]);
    const creating = await careError(
      core.patients.create(system, {
        facilityId: northPatient.facilityId,
        name: "Twin",
        birthDate: "1990-04-02",
        sex: "male",
        identifiers: [nationalId("A-1")],
      }),
      "conflict",
    );
    expect(pathsOf(creating)).toEqual(["identifiers.0.value"]);
    expect((await core.patients.get(system, southPatient.id)).identifiers).toEqual([]);
    expect((await core.patients.list(system, { q: "Twin" })).items).toEqual([]);

    // The same value under another system is a different identifier.
    expect((await core.patients.update(system, southPatient.id, { identifiers: [insurance("A-1")] })).identifiers).toEqual([
      insurance("A-1"),
    ]);
    // Once the first patient lets go of it, another may take it.
    await core.patients.update(system, northPatient.id, { identifiers: [] });
    expect((await core.patients.update(system, southPatient.id, { identifiers: [nationalId("A-1")] })).identifiers).toEqual([
      nationalId("A-1"),
    ]);
  });

  it("gives a patient one identifier per system: a second one is a conflict", async () => {
    const { core } = started;
    const { north, northPatient } = await seed(core);
    const error = await careError(
      core.patients.update(system, northPatient.id, { identifiers: [nationalId("A-1"), nationalId("A-2")] }),
      "conflict",
    );
    expect(pathsOf(error)).toEqual(["identifiers.1.system"]);
    await careError(
      core.patients.create(system, {
        facilityId: north.id,
        name: "Double",
        birthDate: "1990-01-01",
        sex: "male",
        identifiers: [insurance("1"), insurance("2")],
      }),
      "conflict",
    );
    expect((await core.patients.get(system, northPatient.id)).identifiers).toEqual([]);
  });

  it("keeps a patient's identifiers when an update does not mention them", async () => {
    const { core } = started;
    const { north } = await seed(core);
    const patient = await core.patients.create(system, {
      facilityId: north.id,
      name: "Juma",
      birthDate: "1975-03-01",
      sex: "male",
      identifiers: [nationalId("J-1")],
    });
    const renamed = await core.patients.update(system, patient.id, { name: "Juma Hassan" });
    expect(renamed.identifiers).toEqual([nationalId("J-1")]);
  });

  it("updates the fields given, replaces or clears identifiers, and emits patient.updated", async () => {
    const { core } = started;
    const { northPatient, doctor, doctorUser } = await seed(core);
    const signals = recordSignals(core);
    const updated = await core.patients.update(doctor, northPatient.id, {
      name: "Amina N. Said",
      phone: "+255 700 1",
      identifiers: [nationalId("N-1")],
    });
    expect(updated).toEqual({
      ...northPatient,
      name: "Amina N. Said",
      phone: "+255 700 1",
      identifiers: [nationalId("N-1")],
      updatedAt: expect.any(String),
    });
    const cleared = await core.patients.update(doctor, northPatient.id, {
      phone: null,
      identifiers: [],
      sex: "other",
      birthDate: "1990-04-03",
    });
    expect(cleared).toMatchObject({ phone: null, identifiers: [], sex: "other", birthDate: "1990-04-03", name: "Amina N. Said" });
    expect(await signals()).toEqual([
      { signal: "patient.updated", payload: { patient: updated, actor: { kind: "user", userId: doctorUser.id, username: "dr.north" } } },
      { signal: "patient.updated", payload: { patient: cleared, actor: { kind: "user", userId: doctorUser.id, username: "dr.north" } } },
    ]);
  });

  it("keeps a patient at the facility that registered them", async () => {
    const { core } = started;
    const { south, northPatient } = await seed(core);
    const error = await careError(core.patients.update(system, northPatient.id, { facilityId: south.id } as never), "validation_failed");
    expect(pathsOf(error)).toEqual(["facilityId"]);
    expect((await core.patients.get(system, northPatient.id)).facilityId).toBe(northPatient.facilityId);
  });

  it("refuses to update a patient that does not exist, or with bad input", async () => {
    const { core } = started;
    const { northPatient } = await seed(core);
    await careError(core.patients.update(system, "0190f0c2-0000-7000-8000-000000000000", { name: "Ghost" }), "not_found");
    const error = await careError(core.patients.update(system, northPatient.id, { name: " ", sex: "x" as never }), "validation_failed");
    expect(pathsOf(error).sort()).toEqual(["name", "sex"]);
  });

  it("keeps staff to the patients of their own facilities; administrators reach all", async () => {
    const { core } = started;
    const { north, south, doctor, nurse, northPatient, southPatient } = await seed(core);
    const signals = recordSignals(core);

    await careError(
      core.patients.create(doctor, { facilityId: south.id, name: "Elsewhere", birthDate: "1999-09-09", sex: "male" }),
      "forbidden",
    );
    await careError(core.patients.get(doctor, southPatient.id), "not_found");
    await careError(core.patients.update(doctor, southPatient.id, { name: "Changed from the north" }), "not_found");
    expect((await core.patients.get(nurse, southPatient.id)).name).toBe("Bakari South");
    expect(await signals()).toEqual([]);

    const names = async (actor: typeof doctor, filter = {}) =>
      (await core.patients.list(actor, filter)).items.map((patient) => patient.name);
    expect(await names(doctor)).toEqual(["Amina North"]);
    expect(await names(nurse)).toEqual(["Bakari South"]);
    expect(await names(doctor, { facilityId: south.id })).toEqual([]);
    expect(await names(system)).toEqual(["Amina North", "Bakari South"]);
    expect(await names(system, { facilityId: north.id })).toEqual(["Amina North"]);
    expect((await core.patients.get(system, northPatient.id)).name).toBe("Amina North");
  });

  it("finds patients by a piece of their name", async () => {
    const { core } = started;
    const { north } = await seed(core);
    await core.patients.create(system, { facilityId: north.id, name: "Amani Juma", birthDate: "2010-10-10", sex: "male" });
    const names = async (q: string) => (await core.patients.list(system, { q })).items.map((patient) => patient.name);
    expect(await names("am")).toEqual(["Amina North", "Amani Juma"]);
    expect(await names("JUMA")).toEqual(["Amani Juma"]);
    expect(await names("south")).toEqual(["Bakari South"]);
  });

  it("rolls a vetoed registration back, identifiers included", async () => {
    const { core } = started;
    const { north } = await seed(core);
    core.signals.subscribe("patient.created", "mpi", "inTransaction", () => {
      throw new Error("the master patient index is read-only today");
    });
    await expect(
      core.patients.create(system, {
        facilityId: north.id,
        name: "Vetoed",
        birthDate: "2000-01-01",
        sex: "female",
        identifiers: [nationalId("V-1")],
      }),
    ).rejects.toThrow("the master patient index is read-only today");
    expect(await core.database.db.selectFrom("core.patient_identifiers").selectAll().execute()).toEqual([]);
  });

  it("answers not found for an id that is not a UUID, from get and update alike", async () => {
    const { core } = started;
    await careError(core.patients.get(system, "not-a-uuid"), "not_found");
    await careError(core.patients.update(system, "42", { name: "X" }), "not_found");
    await careError(core.encounters.get(system, "x'; drop table core.patients; --"), "not_found");
  });
});
