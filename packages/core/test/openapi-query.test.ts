import { describe, expect, it } from "vitest";
import { system } from "./helpers.js";
import { detailPaths, expectError, seedAndLogin, useHttp } from "./http-helpers.js";

describe("query parameters", () => {
  const http = useHttp();

  it("refuses a misspelt filter with 400 naming it, rather than ignoring it and listing everything", async () => {
    const { north, tokens } = await seedAndLogin(http.core, http.app);
    const misspelt = await http.request({ method: "GET", url: `/api/v1/patients?facilityID=${north.id}`, token: tokens.admin });
    expectError(misspelt, 400, "validation_failed");
    expect(detailPaths(misspelt)).toEqual(["facilityID"]);
    expect(misspelt.body.error.message).toContain('unknown query parameter "facilityID"');

    const spelt = await http.request({ method: "GET", url: `/api/v1/patients?facilityId=${north.id}`, token: tokens.admin });
    expect(spelt.status).toBe(200);
    expect(spelt.body.items.map((patient: { name: string }) => patient.name)).toEqual(["Amina North"]);
  });

  it("refuses every unknown parameter of a list at once, and any parameter on a route that takes none", async () => {
    const { north, tokens } = await seedAndLogin(http.core, http.app);
    const several = await http.request({ method: "GET", url: "/api/v1/encounters?state=open&patient=x&limit=5", token: tokens.admin });
    expectError(several, 400, "validation_failed");
    expect(detailPaths(several).sort()).toEqual(["patient", "state"]);

    for (const url of ["/api/v1/me?verbose=1", `/api/v1/facilities/${north.id}?expand=users`]) {
      const answer = await http.request({ method: "GET", url, token: tokens.doctor });
      expectError(answer, 400, "validation_failed");
    }
  });

  it("refuses a write with an unknown query parameter and writes nothing", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    const answer = await http.request({
      method: "POST",
      url: "/api/v1/facilities?dryRun=true",
      token: tokens.admin,
      body: { name: "East", kind: "clinic" },
    });
    expectError(answer, 400, "validation_failed");
    expect(detailPaths(answer)).toEqual(["dryRun"]);
    expect((await http.core.facilities.list(system)).items.map((facility) => facility.name)).not.toContain("East");
  });

  it("still checks who asks before anything else: no token is 401 whatever the query", async () => {
    expectError(await http.request({ method: "GET", url: "/api/v1/patients?facilityID=x" }), 401, "unauthorized");
  });
});
