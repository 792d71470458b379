import { describe, expect, it } from "vitest";
import { recordSignals } from "./helpers.js";
import { password, seedAndLogin, useHttp } from "./http-helpers.js";

describe("HTTP resources", () => {
  const http = useHttp();

  const ids = (answer: { body: { items: Array<{ id: string }> } }) => answer.body.items.map((item) => item.id);

  it("creates (201), reads, lists and updates facilities", async () => {
    const { tokens, north, south, adminUser } = await seedAndLogin(http.core, http.app);
    const signals = recordSignals(http.core);
    const token = tokens.admin;
    const created = await http.request({
      method: "POST",
      url: "/api/v1/facilities",
      token,
      body: { name: "East Dispensary", kind: "health_center", phone: "+255 2" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: "East Dispensary",
      kind: "health_center",
      phone: "+255 2",
      address: null,
    });

    expect((await http.request({ method: "GET", url: `/api/v1/facilities/${created.body.id}`, token })).body).toEqual(created.body);
    const list = await http.request({ method: "GET", url: "/api/v1/facilities", token });
    expect(list.body).toEqual({
      items: [expect.objectContaining({ id: north.id }), expect.objectContaining({ id: south.id }), created.body],
      nextCursor: null,
    });
    expect(ids(await http.request({ method: "GET", url: "/api/v1/facilities?q=disp", token }))).toEqual([created.body.id]);

    const updated = await http.request({
      method: "PATCH",
      url: `/api/v1/facilities/${created.body.id}`,
      token,
      body: { address: "Market St", phone: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, name: "East Dispensary", address: "Market St", phone: null });

    // Writes over HTTP carry the logged-in user as the actor.
    expect((await signals()).map((entry) => [entry.signal, entry.payload.actor])).toEqual([
      ["facility.created", { kind: "user", userId: adminUser.id, username: "admin" }],
      ["facility.updated", { kind: "user", userId: adminUser.id, username: "admin" }],
    ]);
  });

  it("creates (201), reads, lists and updates users", async () => {
    const { tokens, north, south, doctorUser, nurseUser, adminUser } = await seedAndLogin(http.core, http.app);
    const token = tokens.admin;
    const created = await http.request({
      method: "POST",
      url: "/api/v1/users",
      token,
      body: { username: "nurse.north", displayName: "Nurse North", password, roles: ["nurse"], facilityIds: [north.id] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: "nurse.north",
      displayName: "Nurse North",
      roles: ["nurse"],
      facilityIds: [north.id],
      active: true,
    });
    expect((await http.request({ method: "GET", url: `/api/v1/users/${created.body.id}`, token })).body).toEqual(created.body);

    expect(ids(await http.request({ method: "GET", url: "/api/v1/users", token }))).toEqual([
      doctorUser.id,
      nurseUser.id,
      adminUser.id,
      created.body.id,
    ]);
    expect(ids(await http.request({ method: "GET", url: `/api/v1/users?facilityId=${north.id}`, token }))).toEqual([
      doctorUser.id,
      created.body.id,
    ]);
    expect(ids(await http.request({ method: "GET", url: "/api/v1/users?q=nurse", token }))).toEqual([nurseUser.id, created.body.id]);

    const updated = await http.request({
      method: "PATCH",
      url: `/api/v1/users/${created.body.id}`,
      token,
      body: { facilityIds: [south.id], roles: ["nurse", "staff"] },
    });
    expect(updated.body).toMatchObject({ id: created.body.id, facilityIds: [south.id], roles: ["nurse", "staff"] });
    // The new nurse can log in and sees their own record on /me.
    const login = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "nurse.north", password } });
    const me = await http.request({ method: "GET", url: "/api/v1/me", token: login.body.token });
    expect(me.body).toEqual(updated.body);
  });

  it("creates (201), reads, lists and updates patients", async () => {
    const { tokens, north, northPatient } = await seedAndLogin(http.core, http.app);
    const token = tokens.doctor;
    const created = await http.request({
      method: "POST",
      url: "/api/v1/patients",
      token,
      body: {
        facilityId: north.id,
        name: "Zuhura Ali",
        birthDate: "1988-08-08",
        sex: "female",
        identifiers: [{ system: "nhif", value: "Z-8" }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      facilityId: north.id,
      name: "Zuhura Ali",
      birthDate: "1988-08-08",
      sex: "female",
      identifiers: [{ system: "nhif", value: "Z-8" }],
    });
    expect((await http.request({ method: "GET", url: `/api/v1/patients/${created.body.id}`, token })).body).toEqual(created.body);

    expect(ids(await http.request({ method: "GET", url: "/api/v1/patients", token }))).toEqual([northPatient.id, created.body.id]);
    expect(ids(await http.request({ method: "GET", url: "/api/v1/patients?q=zuhura", token }))).toEqual([created.body.id]);
    expect(ids(await http.request({ method: "GET", url: `/api/v1/patients?facilityId=${north.id}&q=amina`, token }))).toEqual([
      northPatient.id,
    ]);

    const updated = await http.request({
      method: "PATCH",
      url: `/api/v1/patients/${created.body.id}`,
      token,
      body: { phone: "+255 8", address: "Tanga" },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...created.body, phone: "+255 8", address: "Tanga", updatedAt: expect.any(String) });
  });

  it("creates (201), reads, lists and updates encounters", async () => {
    const { tokens, north, northPatient, doctorUser } = await seedAndLogin(http.core, http.app);
    const token = tokens.doctor;
    const created = await http.request({
      method: "POST",
      url: "/api/v1/encounters",
      token,
      body: { patientId: northPatient.id, kind: "inpatient", attendingUserId: doctorUser.id },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      patientId: northPatient.id,
      facilityId: north.id,
      kind: "inpatient",
      status: "planned",
      attendingUserId: doctorUser.id,
    });
    expect((await http.request({ method: "GET", url: `/api/v1/encounters/${created.body.id}`, token })).body).toEqual(created.body);

    const list = await http.request({
      method: "GET",
      url: `/api/v1/encounters?facilityId=${north.id}&patientId=${northPatient.id}&status=planned`,
      token,
    });
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });

    const updated = await http.request({
      method: "PATCH",
      url: `/api/v1/encounters/${created.body.id}`,
      token,
      body: { notes: "admitted to ward 3" },
    });
    expect(updated.body).toMatchObject({ id: created.body.id, status: "planned", notes: "admitted to ward 3" });
  });

  it("answers an empty list with no items and no next cursor", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    const answer = await http.request({ method: "GET", url: "/api/v1/encounters", token: tokens.admin });
    expect(answer).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });
});
