import { describe, expect, it } from "vitest";
import { system } from "./helpers.js";
import { expectError, login, password, seedAndLogin, useHttp, type RequestOptions } from "./http-helpers.js";

const someId = "0190f0c2-0000-7000-8000-000000000000";

/** Every route but `/health` and login, with a body where it takes one. */
const protectedRoutes: Array<Pick<RequestOptions, "method" | "url" | "body">> = [
  { method: "GET", url: "/api/v1/me" },
  { method: "POST", url: "/api/v1/auth/logout" },
  ...["facilities", "users", "patients", "encounters"].flatMap((resource) => [
    { method: "GET" as const, url: `/api/v1/${resource}` },
    { method: "GET" as const, url: `/api/v1/${resource}/${someId}` },
    { method: "POST" as const, url: `/api/v1/${resource}`, body: { name: "x" } },
    { method: "PATCH" as const, url: `/api/v1/${resource}/${someId}`, body: { name: "x" } },
  ]),
];

describe("HTTP authentication", () => {
  const http = useHttp();

  it("answers /health without a token", async () => {
    const answer = await http.request({ method: "GET", url: "/health" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ok", version: "test", plugs: [] });
  });

  it.each(protectedRoutes)("refuses $method $url without a token (401)", async (route) => {
    const answer = await http.request(route);
    expectError(answer, 401, "unauthorized");
  });

  it.each(protectedRoutes)("refuses $method $url with a bad token (401)", async (route) => {
    for (const headers of [
      { authorization: "Bearer not-a-real-token" },
      { authorization: "Basic YWRtaW46YWRtaW4=" },
      { authorization: "Bearer" },
    ]) {
      const answer = await http.request({ ...route, headers });
      expectError(answer, 401, "unauthorized");
    }
  });

  it("logs in with username and password, answers a token and never the hash, and /me answers who is logged in", async () => {
    const { core, app } = http;
    const { doctorUser, north } = await seedAndLogin(core, app);
    const answer = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "DR.NORTH", password } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String), userId: doctorUser.id });

    const me = await http.request({ method: "GET", url: "/api/v1/me", token: answer.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: doctorUser.id,
      username: "dr.north",
      displayName: "Dr North",
      roles: ["doctor"],
      facilityIds: [north.id],
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it("answers a wrong password and an unknown user with the same 401", async () => {
    const { core } = http;
    await core.users.create(system, { username: "admin", displayName: "Admin", password, roles: ["admin"] });
    const wrong = await http.request({
      method: "POST",
      url: "/api/v1/auth/login",
      body: { username: "admin", password: "not the password" },
    });
    const unknown = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "nobody", password } });
    expectError(wrong, 401, "unauthorized");
    expectError(unknown, 401, "unauthorized");
    expect(unknown.body).toEqual(wrong.body);
  });

  it("refuses an inactive user's login, with the same answer as a wrong password", async () => {
    const { core } = http;
    await core.users.create(system, { username: "retired", displayName: "Retired", password, roles: ["staff"], active: false });
    const inactive = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "retired", password } });
    const wrong = await http.request({
      method: "POST",
      url: "/api/v1/auth/login",
      body: { username: "retired", password: "wrong password" },
    });
    expectError(inactive, 401, "unauthorized");
    expect(inactive.body).toEqual(wrong.body);
  });

  it("ends a user's sessions when an administrator changes their password", async () => {
    const { core, app } = http;
    const { doctorUser, tokens } = await seedAndLogin(core, app);
    const changed = await http.request({
      method: "PATCH",
      url: `/api/v1/users/${doctorUser.id}`,
      token: tokens.admin,
      body: { password: "a new long passphrase" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: doctorUser.id, active: true });

    expectError(await http.request({ method: "GET", url: "/api/v1/me", token: tokens.doctor }), 401, "unauthorized");
    expectError(await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "dr.north", password } }), 401);
    const fresh = await login(app, "dr.north", "a new long passphrase");
    expect((await http.request({ method: "GET", url: "/api/v1/me", token: fresh })).status).toBe(200);
    // Other people's sessions are untouched.
    expect((await http.request({ method: "GET", url: "/api/v1/me", token: tokens.nurse })).status).toBe(200);
  });

  it("ends an administrator's own session when they change their own password", async () => {
    const { core, app } = http;
    const { adminUser, tokens } = await seedAndLogin(core, app);
    const changed = await http.request({
      method: "PATCH",
      url: `/api/v1/users/${adminUser.id}`,
      token: tokens.admin,
      body: { password: "another passphrase" },
    });
    expect(changed.status).toBe(200);
    expectError(await http.request({ method: "GET", url: "/api/v1/me", token: tokens.admin }), 401);
  });

  it("ends a user's sessions when they are deactivated, and lets them back in once reactivated", async () => {
    const { core, app } = http;
    const { nurseUser, tokens } = await seedAndLogin(core, app);
    const deactivated = await http.request({
      method: "PATCH",
      url: `/api/v1/users/${nurseUser.id}`,
      token: tokens.admin,
      body: { active: false },
    });
    expect(deactivated.body).toMatchObject({ active: false });
    expectError(await http.request({ method: "GET", url: "/api/v1/patients", token: tokens.nurse }), 401, "unauthorized");
    expectError(await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "nurse.south", password } }), 401);

    await http.request({ method: "PATCH", url: `/api/v1/users/${nurseUser.id}`, token: tokens.admin, body: { active: true } });
    // The old token stays dead; a new login works.
    expectError(await http.request({ method: "GET", url: "/api/v1/me", token: tokens.nurse }), 401);
    expect((await http.request({ method: "GET", url: "/api/v1/me", token: await login(app, "nurse.south") })).status).toBe(200);
  });

  it("logs out: the token stops working, other sessions of the same user go on", async () => {
    const { core, app } = http;
    const { tokens } = await seedAndLogin(core, app);
    const second = await login(app, "dr.north");
    const answer = await http.request({ method: "POST", url: "/api/v1/auth/logout", token: tokens.doctor });
    expect(answer.status).toBe(204);
    expectError(await http.request({ method: "GET", url: "/api/v1/me", token: tokens.doctor }), 401);
    expect((await http.request({ method: "GET", url: "/api/v1/me", token: second })).status).toBe(200);
  });

  it("refuses an expired token", async () => {
    const { core, app } = http;
    const { tokens } = await seedAndLogin(core, app);
    // As if twelve hours had passed for every session.
    await core.database.db
      .updateTable("core.sessions")
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .execute();
    const answer = await http.request({ method: "GET", url: "/api/v1/me", token: tokens.doctor });
    expectError(answer, 401, "unauthorized");
    expect(answer.body.error.message).toContain("log in again");
  });

  it("refuses a login request without username or password as bad input", async () => {
    const answer = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "admin" } });
    expectError(answer, 400, "validation_failed");
    expect(answer.body.error.details).toEqual([{ path: "password", message: expect.any(String) }]);
  });

  it("never answers a password or its hash, on any route, for any caller", async () => {
    const { core, app } = http;
    const { doctorUser, tokens } = await seedAndLogin(core, app);
    // `request` checks every answer; these are the ones that carry users.
    for (const token of [tokens.admin, tokens.doctor]) {
      await http.request({ method: "GET", url: "/api/v1/me", token });
      await http.request({ method: "GET", url: "/api/v1/users", token });
      await http.request({ method: "GET", url: `/api/v1/users/${doctorUser.id}`, token });
    }
    const created = await http.request({
      method: "POST",
      url: "/api/v1/users",
      token: tokens.admin,
      body: { username: "new.clerk", displayName: "New Clerk", password: "a fine passphrase", roles: ["staff"] },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual([
      "active",
      "createdAt",
      "displayName",
      "facilityIds",
      "id",
      "roles",
      "updatedAt",
      "username",
    ]);
    const updated = await http.request({
      method: "PATCH",
      url: `/api/v1/users/${created.body.id}`,
      token: tokens.admin,
      body: { password: "another passphrase" },
    });
    expect(updated.status).toBe(200);
    expect(JSON.stringify(updated.body)).not.toContain("passphrase");
  });
});
