import { describe, expect, it } from "vitest";
import { CareRefusal, passwordWeakness } from "../src/index.js";
import { system, useCore } from "./helpers.js";
import { detailPaths, expectError, seedAndLogin, useHttp } from "./http-helpers.js";

const tooShort = ["password12", "Tr0ub4dor&3", ""];
/** On the common-password list as they are, or once the digits and symbols at the ends or a repetition are taken off. */
const common = ["password1234", "Password1234!", "iloveyou2024!!", "qwertyqwertyqwerty", "  football  football  "];

describe("password policy over HTTP", () => {
  const http = useHttp();

  it.each([...tooShort, ...common])(
    "refuses creating a user with %j: password_too_weak, saying why, without the password, creating nothing",
    async (weak) => {
      const { tokens } = await seedAndLogin(http.core, http.app);
      const before = (await http.core.users.list(system)).items.length;
      const answer = await http.request({
        method: "POST",
        url: "/api/v1/users",
        token: tokens.admin,
        body: { username: "new.clerk", displayName: "New Clerk", password: weak, roles: ["staff"] },
      });
      expectError(answer, 400, "password_too_weak");
      expect(answer.body.error.message).toMatch(
        tooShort.includes(weak) ? /too short: use at least 12 characters/ : /commonly used password/,
      );
      expect(detailPaths(answer)).toEqual(["password"]);
      if (weak.trim()) expect(JSON.stringify(answer.body)).not.toContain(weak.trim());
      expect((await http.core.users.list(system)).items.length).toBe(before);
    },
  );

  it("refuses a weak new password on change and keeps the old one", async () => {
    const { doctorUser, tokens } = await seedAndLogin(http.core, http.app);
    const answer = await http.request({
      method: "PATCH",
      url: `/api/v1/users/${doctorUser.id}`,
      token: tokens.admin,
      body: { password: "Summer2026!!!" },
    });
    expectError(answer, 400, "password_too_weak");
    expect((await http.request({ method: "GET", url: "/api/v1/me", token: tokens.doctor })).status).toBe(200);
  });

  it("lists a weak password with the other problems when there are others, as validation_failed", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    const answer = await http.request({
      method: "POST",
      url: "/api/v1/users",
      token: tokens.admin,
      body: { username: "new.clerk", displayName: "New Clerk", password: "short", roles: ["surgeon"] },
    });
    expectError(answer, 400, "validation_failed");
    expect(detailPaths(answer).sort()).toEqual(["password", "roles.0"]);
  });

  it("accepts a passphrase of a few unrelated words", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    const answer = await http.request({
      method: "POST",
      url: "/api/v1/users",
      token: tokens.admin,
      body: { username: "new.clerk", displayName: "New Clerk", password: "lantern pebble orchard", roles: ["staff"] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  });
});

describe("the first administrator", () => {
  const started = useCore();

  it("refuses a weak chosen password before creating anything", async () => {
    const error = await started.core.ensureAdmin("password1234").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CareRefusal);
    expect(error).toMatchObject({
      status: 400,
      code: "password_too_weak",
      details: [{ path: "adminPassword", message: expect.stringContaining("common") }],
    });
    expect((error as Error).message).not.toContain("password1234");
    expect((await started.core.users.list(system)).items).toEqual([]);
  });

  it("generates a password the policy accepts, and it logs in", async () => {
    const admin = await started.core.ensureAdmin(undefined);
    expect(admin).toMatchObject({ created: true, generated: true });
    const password = (admin as { password: string }).password;
    expect(passwordWeakness(password)).toBeUndefined();
    await expect(started.core.sessions.login({ username: "admin", password })).resolves.toMatchObject({ token: expect.any(String) });
  });
});
