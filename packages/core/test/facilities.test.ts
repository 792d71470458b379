import { describe, expect, it } from "vitest";
import { careError, pathsOf, recordSignals, seed, system, useCore, userActor } from "./helpers.js";

describe("facility service", () => {
  const started = useCore();

  it("creates a facility, answers it as stored and emits facility.created with the facility and the actor", async () => {
    const { core } = started;
    const signals = recordSignals(core);
    const facility = await core.facilities.create(system, {
      name: "  Mnazi Mmoja Hospital ",
      kind: "hospital",
      address: "Stone Town",
      phone: "+255 24 223 1071",
    });

    expect(facility).toEqual({
      id: expect.any(String),
      name: "Mnazi Mmoja Hospital",
      kind: "hospital",
      address: "Stone Town",
      phone: "+255 24 223 1071",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await core.facilities.get(system, facility.id)).toEqual(facility);
    expect(await signals()).toEqual([{ signal: "facility.created", payload: { facility, actor: { kind: "system", name: "test" } } }]);
  });

  it("leaves address and phone empty when not given", async () => {
    const facility = await started.core.facilities.create(system, { name: "Field Post", kind: "other" });
    expect(facility).toMatchObject({ address: null, phone: null });
  });

  it("refuses bad input, naming each bad field, and stores nothing", async () => {
    const { core } = started;
    const signals = recordSignals(core);
    const error = await careError(
      core.facilities.create(system, { name: "   ", kind: "castle" as never, colour: "red" } as never),
      "validation_failed",
    );
    expect(pathsOf(error).sort()).toEqual(["colour", "kind", "name"]);
    expect((await core.facilities.list(system)).items).toEqual([]);
    expect(await signals()).toEqual([]);
  });

  it("updates only the fields given, clears optional ones with null or an empty string, and emits facility.updated", async () => {
    const { core } = started;
    const { north, doctorUser } = await seed(core);
    const admin = await core.users.create(system, {
      username: "admin",
      displayName: "Admin",
      password: "correct horse battery",
      roles: ["admin"],
    });
    const signals = recordSignals(core);
    const adminActor = userActor(admin);

    const renamed = await core.facilities.update(adminActor, north.id, { name: "North Referral Hospital", phone: "+255 1" });
    expect(renamed).toMatchObject({ id: north.id, name: "North Referral Hospital", kind: "hospital", phone: "+255 1", address: null });
    const cleared = await core.facilities.update(adminActor, north.id, { phone: "", address: "Hill Road" });
    expect(cleared).toMatchObject({ name: "North Referral Hospital", phone: null, address: "Hill Road" });
    expect((await core.facilities.update(adminActor, north.id, { address: null })).address).toBeNull();

    const seen = await signals();
    expect(seen.map((entry) => entry.signal)).toEqual(["facility.updated", "facility.updated", "facility.updated"]);
    expect(seen[0]!.payload).toEqual({ facility: renamed, actor: { kind: "user", userId: admin.id, username: "admin" } });
    expect(seen[1]!.payload.facility).toEqual(cleared);
    // Seeding made a doctor; facilities changing does not touch who works there.
    expect((await core.users.get(system, doctorUser.id)).facilityIds).toEqual([north.id]);
  });

  it("refuses to update a facility that does not exist, or with bad input", async () => {
    const { core } = started;
    const { north } = await seed(core);
    await careError(core.facilities.update(system, "0190f0c2-0000-7000-8000-000000000000", { name: "Ghost" }), "not_found");
    const error = await careError(core.facilities.update(system, north.id, { kind: "castle" as never, name: "" }), "validation_failed");
    expect(pathsOf(error).sort()).toEqual(["kind", "name"]);
    expect((await core.facilities.get(system, north.id)).name).toBe("North Hospital");
  });

  it("lets only administrators create or change facilities", async () => {
    const { core } = started;
    const { north, doctor } = await seed(core);
    const signals = recordSignals(core);
    await careError(core.facilities.create(doctor, { name: "Doctor's Own", kind: "clinic" }), "forbidden");
    await careError(core.facilities.update(doctor, north.id, { name: "Renamed by a doctor" }), "forbidden");
    expect((await core.facilities.list(system)).items.map((facility) => facility.name)).toEqual(["North Hospital", "South Clinic"]);
    expect(await signals()).toEqual([]);
  });

  it("shows staff only the facilities they belong to, administrators all of them", async () => {
    const { core } = started;
    const { north, south, doctor, nurse } = await seed(core);
    expect((await core.facilities.list(doctor)).items.map((facility) => facility.id)).toEqual([north.id]);
    expect((await core.facilities.list(nurse)).items.map((facility) => facility.id)).toEqual([south.id]);
    expect((await core.facilities.list(system)).items.map((facility) => facility.id)).toEqual([north.id, south.id]);
    expect((await core.facilities.get(doctor, north.id)).name).toBe("North Hospital");
    await careError(core.facilities.get(doctor, south.id), "not_found");
  });

  it("filters by a piece of the name, case-insensitively, taking % and _ literally", async () => {
    const { core } = started;
    await core.facilities.create(system, { name: "St. Mary's 100% Care", kind: "clinic" });
    await core.facilities.create(system, { name: "Mary_Land Lab", kind: "laboratory" });
    await core.facilities.create(system, { name: "Central Pharmacy", kind: "pharmacy" });
    const names = async (q: string) => (await core.facilities.list(system, { q })).items.map((facility) => facility.name);
    expect(await names("mary")).toEqual(["St. Mary's 100% Care", "Mary_Land Lab"]);
    expect(await names("100%")).toEqual(["St. Mary's 100% Care"]);
    expect(await names("y_l")).toEqual(["Mary_Land Lab"]);
    expect(await names("%")).toEqual(["St. Mary's 100% Care"]);
    expect(await names("nowhere")).toEqual([]);
  });

  it("rolls a vetoed facility update back completely", async () => {
    const { core } = started;
    const { north } = await seed(core);
    core.signals.subscribe("facility.updated", "registry", "inTransaction", () => {
      throw new Error("the national registry refuses the new name");
    });
    await expect(core.facilities.update(system, north.id, { name: "Refused" })).rejects.toThrow(
      "the national registry refuses the new name",
    );
    expect((await core.facilities.get(system, north.id)).name).toBe("North Hospital");
  });
});
