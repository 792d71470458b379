import { describe, expect, it } from "vitest";
import { system } from "./helpers.js";
import { expectError, password, seedAndLogin, useHttp, type Answer } from "./http-helpers.js";

/** A refusal that gives nothing away: 403 or 404 in the error shape, and none of the record's data. */
function expectRefusedWithoutData(answer: Answer, secrets: string[]) {
  expect([403, 404], JSON.stringify(answer.body)).toContain(answer.status);
  expectError(answer, answer.status);
  for (const secret of secrets) expect(JSON.stringify(answer.body)).not.toContain(secret);
}

describe("HTTP facility scoping", () => {
  const http = useHttp();

  /** Seeds, logs in, and gives each facility an encounter. */
  async function setUp() {
    const seeded = await seedAndLogin(http.core, http.app);
    const northVisit = await http.core.encounters.create(system, {
      patientId: seeded.northPatient.id,
      kind: "outpatient",
      notes: "north notes",
    });
    const southVisit = await http.core.encounters.create(system, {
      patientId: seeded.southPatient.id,
      kind: "emergency",
      notes: "south secret notes",
    });
    return { ...seeded, northVisit, southVisit };
  }

  it("does not show a doctor the patients or encounters of another facility", async () => {
    const { southPatient, southVisit, tokens } = await setUp();
    const patient = await http.request({ method: "GET", url: `/api/v1/patients/${southPatient.id}`, token: tokens.doctor });
    expectRefusedWithoutData(patient, ["Bakari", "1985-11-30"]);
    const encounter = await http.request({ method: "GET", url: `/api/v1/encounters/${southVisit.id}`, token: tokens.doctor });
    expectRefusedWithoutData(encounter, ["south secret notes", southPatient.id]);
  });

  it("does not let a doctor change the patients or encounters of another facility", async () => {
    const { south, southPatient, southVisit, tokens } = await setUp();
    const patient = await http.request({
      method: "PATCH",
      url: `/api/v1/patients/${southPatient.id}`,
      token: tokens.doctor,
      body: { name: "Renamed From North" },
    });
    expectRefusedWithoutData(patient, ["Bakari", "1985-11-30"]);
    const encounter = await http.request({
      method: "PATCH",
      url: `/api/v1/encounters/${southVisit.id}`,
      token: tokens.doctor,
      body: { status: "cancelled" },
    });
    expectRefusedWithoutData(encounter, ["south secret notes"]);
    const registered = await http.request({
      method: "POST",
      url: "/api/v1/patients",
      token: tokens.doctor,
      body: { facilityId: south.id, name: "Smuggled In", birthDate: "2000-01-01", sex: "male" },
    });
    expectRefusedWithoutData(registered, []);

    expect(await http.core.patients.get(system, southPatient.id)).toEqual(southPatient);
    expect(await http.core.encounters.get(system, southVisit.id)).toEqual(southVisit);
    expect((await http.core.patients.list(system, { q: "Smuggled" })).items).toEqual([]);
  });

  it("does not let a doctor open an encounter for another facility's patient, answering as for a patient that does not exist", async () => {
    const { southPatient, tokens } = await setUp();
    const foreign = await http.request({
      method: "POST",
      url: "/api/v1/encounters",
      token: tokens.doctor,
      body: { patientId: southPatient.id, kind: "outpatient" },
    });
    const missing = await http.request({
      method: "POST",
      url: "/api/v1/encounters",
      token: tokens.doctor,
      body: { patientId: "0190f0c2-0000-7000-8000-000000000000", kind: "outpatient" },
    });
    expectError(foreign, 400, "validation_failed");
    expect(foreign.body.error.details).toEqual([{ path: "patientId", message: "no patient with this id at your facilities" }]);
    expect(JSON.stringify(foreign.body)).not.toContain("Bakari");
    expect(missing.body.error.details).toEqual(foreign.body.error.details);
    expect((await http.core.encounters.list(system, { patientId: southPatient.id })).items).toHaveLength(1);
  });

  it("lists only the caller's own facility's data, even when asked for another facility", async () => {
    const { north, south, northPatient, northVisit, southVisit, doctorUser, tokens } = await setUp();
    const get = async (url: string, token = tokens.doctor) => {
      const answer = await http.request({ method: "GET", url, token });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.items.map((item: { id: string }) => item.id);
    };
    expect(await get("/api/v1/patients")).toEqual([northPatient.id]);
    expect(await get(`/api/v1/patients?facilityId=${south.id}`)).toEqual([]);
    expect(await get("/api/v1/encounters")).toEqual([northVisit.id]);
    expect(await get(`/api/v1/encounters?facilityId=${south.id}`)).toEqual([]);
    expect(await get(`/api/v1/encounters?patientId=${southVisit.patientId}`)).toEqual([]);
    expect(await get("/api/v1/facilities")).toEqual([north.id]);
    expect(await get("/api/v1/users")).toEqual([doctorUser.id]);
    expect(await get(`/api/v1/users?facilityId=${south.id}`)).toEqual([]);
  });

  it("keeps facilities and colleagues of other facilities out of sight", async () => {
    const { south, nurseUser, tokens } = await setUp();
    expectRefusedWithoutData(await http.request({ method: "GET", url: `/api/v1/facilities/${south.id}`, token: tokens.doctor }), [
      "South Clinic",
    ]);
    expectRefusedWithoutData(await http.request({ method: "GET", url: `/api/v1/users/${nurseUser.id}`, token: tokens.doctor }), [
      "nurse.south",
      "Nurse South",
    ]);
  });

  it("shows administrators everything", async () => {
    const { north, south, northPatient, southPatient, northVisit, southVisit, tokens } = await setUp();
    const ids = async (url: string) =>
      (await http.request({ method: "GET", url, token: tokens.admin })).body.items.map((item: { id: string }) => item.id);
    expect(await ids("/api/v1/facilities")).toEqual([north.id, south.id]);
    expect(await ids("/api/v1/patients")).toEqual([northPatient.id, southPatient.id]);
    expect(await ids("/api/v1/encounters")).toEqual([northVisit.id, southVisit.id]);
    expect((await ids("/api/v1/users")).length).toBe(3);
    const patient = await http.request({ method: "GET", url: `/api/v1/patients/${southPatient.id}`, token: tokens.admin });
    expect(patient.body).toEqual(southPatient);
    const moved = await http.request({
      method: "PATCH",
      url: `/api/v1/encounters/${southVisit.id}`,
      token: tokens.admin,
      body: { status: "in_progress" },
    });
    expect(moved.body).toMatchObject({ id: southVisit.id, status: "in_progress" });
  });

  it("lets only administrators create or change facilities", async () => {
    const { north, tokens } = await setUp();
    for (const token of [tokens.doctor, tokens.nurse]) {
      expectError(
        await http.request({ method: "POST", url: "/api/v1/facilities", token, body: { name: "Rogue Clinic", kind: "clinic" } }),
        403,
        "forbidden",
      );
      expectError(
        await http.request({ method: "PATCH", url: `/api/v1/facilities/${north.id}`, token, body: { name: "Renamed" } }),
        403,
        "forbidden",
      );
    }
    expect((await http.core.facilities.list(system)).items.map((facility) => facility.name)).toEqual(["North Hospital", "South Clinic"]);

    const created = await http.request({
      method: "POST",
      url: "/api/v1/facilities",
      token: tokens.admin,
      body: { name: "East Dispensary", kind: "health_center" },
    });
    expect(created.status).toBe(201);
    const renamed = await http.request({
      method: "PATCH",
      url: `/api/v1/facilities/${north.id}`,
      token: tokens.admin,
      body: { name: "North Referral" },
    });
    expect(renamed.body).toMatchObject({ id: north.id, name: "North Referral" });
  });

  it("lets only administrators create or change users, themselves included", async () => {
    const { north, doctorUser, nurseUser, tokens } = await setUp();
    const newUser = { username: "intern", displayName: "Intern", password, roles: ["doctor"], facilityIds: [north.id] };
    expectError(await http.request({ method: "POST", url: "/api/v1/users", token: tokens.doctor, body: newUser }), 403, "forbidden");
    expectError(
      await http.request({ method: "PATCH", url: `/api/v1/users/${nurseUser.id}`, token: tokens.doctor, body: { active: false } }),
      403,
      "forbidden",
    );
    expectError(
      await http.request({ method: "PATCH", url: `/api/v1/users/${doctorUser.id}`, token: tokens.doctor, body: { roles: ["admin"] } }),
      403,
      "forbidden",
    );
    expect((await http.core.users.list(system, { q: "intern" })).items).toEqual([]);
    expect((await http.core.users.get(system, doctorUser.id)).roles).toEqual(["doctor"]);
    expect((await http.request({ method: "GET", url: "/api/v1/me", token: tokens.nurse })).status).toBe(200);

    const created = await http.request({ method: "POST", url: "/api/v1/users", token: tokens.admin, body: newUser });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "intern", roles: ["doctor"], facilityIds: [north.id], active: true });
  });

  it("follows a user's facilities as an administrator changes them, without a new login", async () => {
    const { south, southPatient, doctorUser, tokens } = await setUp();
    await http.request({ method: "PATCH", url: `/api/v1/users/${doctorUser.id}`, token: tokens.admin, body: { facilityIds: [south.id] } });
    const patient = await http.request({ method: "GET", url: `/api/v1/patients/${southPatient.id}`, token: tokens.doctor });
    expect(patient.body).toEqual(southPatient);
    const list = await http.request({ method: "GET", url: "/api/v1/patients", token: tokens.doctor });
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([southPatient.id]);
  });
});
