import { describe, expect, it } from "vitest";
import { system } from "./helpers.js";
import { detailPaths, expectError, password, seedAndLogin, useHttp } from "./http-helpers.js";

type Seeded = Awaited<ReturnType<typeof seedAndLogin>> & { encounterId: string };

interface BadInput {
  what: string;
  body: unknown;
  /** The path the answer must name. */
  path: string;
  /** The error code, when it is not `validation_failed`. */
  code?: string;
}

/** For every write route: inputs it must refuse, and the field each refusal must name. */
const writeRoutes: Array<{ label: string; method: "POST" | "PATCH"; url: (seeded: Seeded) => string; bad: BadInput[] }> = [
  {
    label: "POST /facilities",
    method: "POST",
    url: () => "/api/v1/facilities",
    bad: [
      { what: "missing name", body: { kind: "clinic" }, path: "name" },
      { what: "blank name", body: { name: "   ", kind: "clinic" }, path: "name" },
      { what: "bad kind", body: { name: "X", kind: "castle" }, path: "kind" },
      { what: "phone not text", body: { name: "X", kind: "clinic", phone: 255 }, path: "phone" },
      { what: "unknown key", body: { name: "X", kind: "clinic", colour: "red" }, path: "colour" },
    ],
  },
  {
    label: "PATCH /facilities/:id",
    method: "PATCH",
    url: ({ north }) => `/api/v1/facilities/${north.id}`,
    bad: [
      { what: "empty name", body: { name: "" }, path: "name" },
      { what: "bad kind", body: { kind: "spaceport" }, path: "kind" },
      { what: "unknown key", body: { id: "0190f0c2-0000-7000-8000-000000000000" }, path: "id" },
    ],
  },
  {
    label: "POST /users",
    method: "POST",
    url: () => "/api/v1/users",
    bad: [
      { what: "missing username", body: { displayName: "X", password, roles: ["staff"] }, path: "username" },
      { what: "username with spaces", body: { username: "dr who", displayName: "X", password, roles: ["staff"] }, path: "username" },
      {
        what: "short password",
        body: { username: "xavier", displayName: "X", password: "short", roles: ["staff"] },
        path: "password",
        code: "password_too_weak",
      },
      { what: "bad role", body: { username: "xavier", displayName: "X", password, roles: ["surgeon"] }, path: "roles.0" },
      { what: "no role", body: { username: "xavier", displayName: "X", password, roles: [] }, path: "roles" },
      {
        what: "bad facility uuid",
        body: { username: "xavier", displayName: "X", password, roles: ["staff"], facilityIds: ["north"] },
        path: "facilityIds.0",
      },
      {
        what: "active not a boolean",
        body: { username: "xavier", displayName: "X", password, roles: ["staff"], active: "yes" },
        path: "active",
      },
      {
        what: "unknown key",
        body: { username: "xavier", displayName: "X", password, roles: ["staff"], passwordHash: "scrypt" },
        path: "passwordHash",
      },
    ],
  },
  {
    label: "PATCH /users/:id",
    method: "PATCH",
    url: ({ doctorUser }) => `/api/v1/users/${doctorUser.id}`,
    bad: [
      { what: "username cannot change", body: { username: "dr.south" }, path: "username" },
      { what: "bad role", body: { roles: ["doctor", "janitor"] }, path: "roles.1" },
      { what: "role twice", body: { roles: ["doctor", "doctor"] }, path: "roles" },
      { what: "bad facility uuid", body: { facilityIds: ["12345"] }, path: "facilityIds.0" },
      { what: "short password", body: { password: "123" }, path: "password", code: "password_too_weak" },
      { what: "blank display name", body: { displayName: " " }, path: "displayName" },
    ],
  },
  {
    label: "POST /patients",
    method: "POST",
    url: () => "/api/v1/patients",
    bad: [
      { what: "missing name", body: { facilityId: "$north", birthDate: "1990-01-01", sex: "male" }, path: "name" },
      { what: "bad birthDate", body: { facilityId: "$north", name: "X", birthDate: "02/04/1990", sex: "male" }, path: "birthDate" },
      { what: "impossible birthDate", body: { facilityId: "$north", name: "X", birthDate: "1990-02-30", sex: "male" }, path: "birthDate" },
      { what: "bad sex", body: { facilityId: "$north", name: "X", birthDate: "1990-01-01", sex: "robot" }, path: "sex" },
      { what: "bad facility uuid", body: { facilityId: "north", name: "X", birthDate: "1990-01-01", sex: "male" }, path: "facilityId" },
      {
        what: "unknown facility",
        body: { facilityId: "0190f0c2-0000-7000-8000-000000000000", name: "X", birthDate: "1990-01-01", sex: "male" },
        path: "facilityId",
      },
      {
        what: "identifier without a value",
        body: { facilityId: "$north", name: "X", birthDate: "1990-01-01", sex: "male", identifiers: [{ system: "nhif" }] },
        path: "identifiers.0.value",
      },
      {
        what: "unknown key",
        body: { facilityId: "$north", name: "X", birthDate: "1990-01-01", sex: "male", bloodGroup: "O" },
        path: "bloodGroup",
      },
    ],
  },
  {
    label: "PATCH /patients/:id",
    method: "PATCH",
    url: ({ northPatient }) => `/api/v1/patients/${northPatient.id}`,
    bad: [
      { what: "bad birthDate", body: { birthDate: "1990-13-01" }, path: "birthDate" },
      { what: "bad sex", body: { sex: "M" }, path: "sex" },
      { what: "identifiers not a list", body: { identifiers: { system: "nhif", value: "1" } }, path: "identifiers" },
      { what: "facility cannot change", body: { facilityId: "$north" }, path: "facilityId" },
      { what: "unknown key", body: { nickname: "Ami" }, path: "nickname" },
    ],
  },
  {
    label: "POST /encounters",
    method: "POST",
    url: () => "/api/v1/encounters",
    bad: [
      { what: "missing patientId", body: { kind: "outpatient" }, path: "patientId" },
      { what: "bad patient uuid", body: { patientId: "amina", kind: "outpatient" }, path: "patientId" },
      { what: "bad kind", body: { patientId: "$patient", kind: "house_call" }, path: "kind" },
      { what: "bad status value", body: { patientId: "$patient", kind: "outpatient", status: "open" }, path: "status" },
      { what: "opened as finished", body: { patientId: "$patient", kind: "outpatient", status: "finished" }, path: "status" },
      {
        what: "bad attending uuid",
        body: { patientId: "$patient", kind: "outpatient", attendingUserId: "dr.north" },
        path: "attendingUserId",
      },
      { what: "unknown key", body: { patientId: "$patient", kind: "outpatient", facilityId: "$north" }, path: "facilityId" },
    ],
  },
  {
    label: "PATCH /encounters/:id",
    method: "PATCH",
    url: ({ encounterId }) => `/api/v1/encounters/${encounterId}`,
    bad: [
      { what: "bad status value", body: { status: "done" }, path: "status" },
      { what: "bad attending uuid", body: { attendingUserId: "nobody" }, path: "attendingUserId" },
      { what: "notes not text", body: { notes: 42 }, path: "notes" },
      { what: "unknown key", body: { kind: "inpatient" }, path: "kind" },
    ],
  },
];

/** Fills `$north` and `$patient` placeholders with the seeded ids. */
function fill(body: unknown, seeded: Seeded): unknown {
  return JSON.parse(
    JSON.stringify(body).replaceAll('"$north"', `"${seeded.north.id}"`).replaceAll('"$patient"', `"${seeded.northPatient.id}"`),
  );
}

describe("HTTP validation", () => {
  const http = useHttp();

  async function setUp(): Promise<Seeded> {
    const seeded = await seedAndLogin(http.core, http.app);
    const encounter = await http.core.encounters.create(system, { patientId: seeded.northPatient.id, kind: "outpatient" });
    return { ...seeded, encounterId: encounter.id };
  }

  it.each(writeRoutes)("refuses bad input on $label with 400 naming the field", async (route) => {
    const seeded = await setUp();
    const url = route.url(seeded);
    const before = JSON.stringify(await snapshot(seeded));
    for (const bad of route.bad) {
      const answer = await http.request({ method: route.method, url, token: seeded.tokens.admin, body: fill(bad.body, seeded) });
      expect({ case: bad.what, status: answer.status }).toEqual({ case: bad.what, status: 400 });
      expectError(answer, 400, bad.code ?? "validation_failed");
      expect(detailPaths(answer), `${route.method} ${url}, ${bad.what}`).toContain(bad.path);
    }
    expect(JSON.stringify(await snapshot(seeded)), "a refused write changed something").toBe(before);
  });

  /** Everything a refused write might have touched. */
  async function snapshot(seeded: Seeded) {
    return {
      facilities: await http.core.facilities.list(system),
      users: await http.core.users.list(system),
      patients: await http.core.patients.list(system),
      encounters: await http.core.encounters.list(system),
      doctor: await http.core.users.get(system, seeded.doctorUser.id),
    };
  }

  it("refuses a login with bad fields, naming them", async () => {
    const missing = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { password } });
    expectError(missing, 400, "validation_failed");
    expect(detailPaths(missing)).toEqual(["username"]);
    const extra = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "admin", password, remember: true } });
    expect(detailPaths(extra)).toEqual(["remember"]);
  });

  it("refuses a body that is not an object on every write route", async () => {
    const seeded = await setUp();
    for (const route of writeRoutes) {
      for (const body of [[], "a string", 42]) {
        const answer = await http.request({
          method: route.method,
          url: route.url(seeded),
          token: seeded.tokens.admin,
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        });
        expectError(answer, 400);
        expect(detailPaths(answer)).toEqual(["(root)"]);
      }
    }
  });

  it("answers malformed JSON with 400 in the error shape on every write route", async () => {
    const seeded = await setUp();
    const routes = [
      ...writeRoutes.map((route) => ({ method: route.method, url: route.url(seeded) })),
      { method: "POST" as const, url: "/api/v1/auth/login" },
    ];
    for (const route of routes) {
      const answer = await http.request({
        ...route,
        token: seeded.tokens.admin,
        payload: '{"name": "North", ',
        headers: { "content-type": "application/json" },
      });
      expectError(answer, 400);
      expect(answer.body.error.details.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
    }
  });

  it("answers a body of another content type, or one too large, in the error shape", async () => {
    const seeded = await setUp();
    const xml = await http.request({
      method: "POST",
      url: "/api/v1/facilities",
      token: seeded.tokens.admin,
      payload: "<facility/>",
      headers: { "content-type": "application/xml" },
    });
    expectError(xml, 415, "unsupported_media_type");
    const huge = await http.request({
      method: "POST",
      url: "/api/v1/facilities",
      token: seeded.tokens.admin,
      payload: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), kind: "clinic" }),
      headers: { "content-type": "application/json" },
    });
    expectError(huge, 413, "payload_too_large");
    expect((await http.core.facilities.list(system)).items).toHaveLength(2);
  });

  it("answers an unexpected failure with 500 in the error shape, without its internals", async () => {
    const seeded = await setUp();
    http.core.signals.subscribe("facility.created", "broken-plug", "inTransaction", () => {
      throw new Error("connection to 10.0.0.7:5432 refused");
    });
    const answer = await http.request({
      method: "POST",
      url: "/api/v1/facilities",
      token: seeded.tokens.admin,
      body: { name: "East", kind: "clinic" },
    });
    expectError(answer, 500, "internal_error");
    expect(answer.body.error.message).not.toContain("10.0.0.7");
    expect((await http.core.facilities.list(system)).items).toHaveLength(2);
  });

  it("answers an unknown route with 404 in the error shape", async () => {
    const seeded = await setUp();
    for (const [method, url] of [
      ["GET", "/api/v1/wards"],
      ["GET", "/api/v2/patients"],
      ["GET", "/nothing-here"],
      ["DELETE", `/api/v1/patients/${seeded.northPatient.id}`],
      ["PUT", `/api/v1/encounters/${seeded.encounterId}`],
    ] as const) {
      const answer = await http.request({ method, url, token: seeded.tokens.admin });
      expectError(answer, 404, "not_found");
      expect(answer.body.error.message).toContain(url.split("?")[0]);
    }
    // The patient is still there.
    expect((await http.core.patients.get(system, seeded.northPatient.id)).id).toBe(seeded.northPatient.id);
  });

  it("answers an id that is not a uuid with 404, for reads and writes alike", async () => {
    const seeded = await setUp();
    for (const resource of ["facilities", "users", "patients", "encounters"]) {
      expectError(
        await http.request({ method: "GET", url: `/api/v1/${resource}/not-a-uuid`, token: seeded.tokens.admin }),
        404,
        "not_found",
      );
      expectError(
        await http.request({ method: "PATCH", url: `/api/v1/${resource}/42`, token: seeded.tokens.admin, body: {} }),
        404,
        "not_found",
      );
      expectError(
        await http.request({ method: "GET", url: `/api/v1/${resource}/0190f0c2-0000-7000-8000-000000000000`, token: seeded.tokens.admin }),
        404,
        "not_found",
      );
    }
  });

  it("refuses bad list filters with 400 naming the parameter", async () => {
    const seeded = await setUp();
    const cases: Array<[string, string]> = [
      ["/api/v1/patients?limit=0", "limit"],
      ["/api/v1/patients?limit=ten", "limit"],
      ["/api/v1/facilities?limit=1000", "limit"],
      ["/api/v1/patients?facilityId=north", "facilityId"],
      ["/api/v1/users?facilityId=42", "facilityId"],
      ["/api/v1/encounters?status=open", "status"],
      ["/api/v1/encounters?patientId=amina", "patientId"],
      ["/api/v1/encounters?facilityId=x", "facilityId"],
      ["/api/v1/encounters?cursor=garbage", "cursor"],
    ];
    for (const [url, path] of cases) {
      const answer = await http.request({ method: "GET", url, token: seeded.tokens.admin });
      expectError(answer, 400, "validation_failed");
      expect(detailPaths(answer), url).toEqual([path]);
    }
  });

  it("answers a duplicate username or identifier with 409 naming the field", async () => {
    const seeded = await setUp();
    const user = await http.request({
      method: "POST",
      url: "/api/v1/users",
      token: seeded.tokens.admin,
      body: { username: "DR.NORTH", displayName: "Impostor", password, roles: ["doctor"] },
    });
    expectError(user, 409, "conflict");
    expect(detailPaths(user)).toEqual(["username"]);

    const identifiers = [{ system: "tz-nida", value: "N-1" }];
    const first = await http.request({
      method: "PATCH",
      url: `/api/v1/patients/${seeded.northPatient.id}`,
      token: seeded.tokens.admin,
      body: { identifiers },
    });
    expect(first.body.identifiers).toEqual(identifiers);
    const taken = await http.request({
      method: "PATCH",
      url: `/api/v1/patients/${seeded.southPatient.id}`,
      token: seeded.tokens.admin,
      body: { identifiers },
    });
    expectError(taken, 409, "conflict");
    expect(detailPaths(taken)).toEqual(["identifiers.0.value"]);
    const twice = await http.request({
      method: "POST",
      url: "/api/v1/patients",
      token: seeded.tokens.admin,
      body: {
        facilityId: seeded.north.id,
        name: "Twice",
        birthDate: "1990-01-01",
        sex: "male",
        identifiers: [
          { system: "nhif", value: "1" },
          { system: "nhif", value: "2" },
        ],
      },
    });
    expectError(twice, 409, "conflict");
    expect(detailPaths(twice)).toEqual(["identifiers.1.system"]);
  });
});
