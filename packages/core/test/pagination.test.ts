import { describe, expect, it } from "vitest";
import { system } from "./helpers.js";
import { detailPaths, expectError, password, seedAndLogin, useHttp } from "./http-helpers.js";

describe("keyset pagination over HTTP", () => {
  const http = useHttp();

  /** Follows nextCursor from the first page to the last; answers each page's ids. */
  async function pages(url: string, token: string, limit: number): Promise<string[][]> {
    const result: string[][] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes("?") ? "&" : "?";
      const answer = await http.request({
        method: "GET",
        url: `${url}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        token,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      result.push(answer.body.items.map((item: { id: string }) => item.id));
      cursor = answer.body.nextCursor;
      expect(result.length, "pagination does not end").toBeLessThan(50);
    } while (cursor);
    return result;
  }

  it("walks facilities in pages of the requested size, with no duplicates and no gaps", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    for (let i = 1; i <= 8; i++) await http.core.facilities.create(system, { name: `Dispensary ${i}`, kind: "health_center" });
    const all = (await http.core.facilities.list(system, { limit: 200 })).items.map((facility) => facility.id);
    expect(all).toHaveLength(10);

    const walked = await pages("/api/v1/facilities", tokens.admin, 3);
    expect(walked.map((page) => page.length)).toEqual([3, 3, 3, 1]);
    expect(walked.flat()).toEqual(all);
  });

  it("ends without an empty page when the last page is exactly full", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    for (let i = 1; i <= 4; i++) await http.core.facilities.create(system, { name: `Dispensary ${i}`, kind: "health_center" });
    const walked = await pages("/api/v1/facilities", tokens.admin, 3);
    expect(walked.map((page) => page.length)).toEqual([3, 3]);
  });

  it("pages a filtered, facility-scoped patient list: only the caller's patients, each once, in order", async () => {
    const { north, south, northPatient, tokens } = await seedAndLogin(http.core, http.app);
    const northIds = [northPatient.id];
    for (let i = 1; i <= 6; i++) {
      const here = await http.core.patients.create(system, {
        facilityId: north.id,
        name: `North Patient ${i}`,
        birthDate: "2000-01-01",
        sex: "female",
      });
      northIds.push(here.id);
      await http.core.patients.create(system, { facilityId: south.id, name: `South Patient ${i}`, birthDate: "2000-01-01", sex: "male" });
    }
    const walked = await pages("/api/v1/patients", tokens.doctor, 2);
    expect(walked.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(walked.flat()).toEqual(northIds);

    // An administrator, filtering by name, walks both facilities' patients.
    const named = await pages("/api/v1/patients?q=patient", tokens.admin, 5);
    expect(named.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(named.flat()).toEqual((await http.core.patients.list(system, { q: "patient", limit: 200 })).items.map((patient) => patient.id));
  });

  it("pages encounters filtered by status", async () => {
    const { northPatient, southPatient, tokens } = await seedAndLogin(http.core, http.app);
    const planned: string[] = [];
    for (let i = 0; i < 5; i++) {
      planned.push(
        (await http.core.encounters.create(system, { patientId: i % 2 ? northPatient.id : southPatient.id, kind: "outpatient" })).id,
      );
      await http.core.encounters.create(system, { patientId: northPatient.id, kind: "emergency", status: "in_progress" });
    }
    const walked = await pages("/api/v1/encounters?status=planned", tokens.admin, 2);
    expect(walked.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(walked.flat()).toEqual(planned);
  });

  it("pages users", async () => {
    const { doctorUser, nurseUser, adminUser, tokens } = await seedAndLogin(http.core, http.app);
    const extra = await http.core.users.create(system, { username: "clerk", displayName: "Clerk", password, roles: ["staff"] });
    const walked = await pages("/api/v1/users", tokens.admin, 2);
    expect(walked).toEqual([
      [doctorUser.id, nurseUser.id],
      [adminUser.id, extra.id],
    ]);
  });

  it("shows a record added between pages on a later page, repeating nothing", async () => {
    const { north, northPatient, tokens } = await seedAndLogin(http.core, http.app);
    const second = await http.core.patients.create(system, { facilityId: north.id, name: "Second", birthDate: "2000-01-01", sex: "male" });
    const first = await http.request({ method: "GET", url: "/api/v1/patients?limit=1", token: tokens.doctor });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([northPatient.id]);

    const late = await http.core.patients.create(system, {
      facilityId: north.id,
      name: "Late Arrival",
      birthDate: "2000-01-01",
      sex: "female",
    });
    const rest = await http.request({
      method: "GET",
      url: `/api/v1/patients?limit=10&cursor=${first.body.nextCursor}`,
      token: tokens.doctor,
    });
    expect(rest.body).toEqual({
      items: [expect.objectContaining({ id: second.id }), expect.objectContaining({ id: late.id })],
      nextCursor: null,
    });
  });

  it("uses a default page size of 50 and refuses more than 200", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    for (let i = 1; i <= 52; i++) await http.core.facilities.create(system, { name: `Post ${i}`, kind: "other" });
    const first = await http.request({ method: "GET", url: "/api/v1/facilities", token: tokens.admin });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const tooMany = await http.request({ method: "GET", url: "/api/v1/facilities?limit=201", token: tokens.admin });
    expectError(tooMany, 400, "validation_failed");
    expect(detailPaths(tooMany)).toEqual(["limit"]);
  });

  it("refuses a garbage cursor on every list with 400 naming the cursor", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    const garbage = [
      "garbage",
      "%%%",
      Buffer.from("not-a-uuid").toString("base64url"),
      Buffer.from("0190f0c2-0000-7000-8000-00000000000").toString("base64url"),
    ];
    for (const resource of ["facilities", "users", "patients", "encounters"]) {
      for (const cursor of garbage) {
        const answer = await http.request({
          method: "GET",
          url: `/api/v1/${resource}?cursor=${encodeURIComponent(cursor)}`,
          token: tokens.admin,
        });
        expectError(answer, 400, "validation_failed");
        expect(detailPaths(answer), `${resource} with cursor ${cursor}`).toEqual(["cursor"]);
      }
    }
  });
});
