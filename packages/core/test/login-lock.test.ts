import { describe, expect, it } from "vitest";
import { attempt, codeOf, createUser, retryAfterOf, rightPassword, useLoginApp } from "./login-helpers.js";
import { expectError } from "./http-helpers.js";

// Rate limits are tested on their own; here they are out of the way so every attempt reaches the delays and the lock.
const roomy = { loginRateLimit: { perAddress: 1000, perUsername: 1000 } };

describe("login delays and lock", () => {
  const http = useLoginApp({ http: roomy });

  it("locks after 60 wrong passwords, logs who and where but never a password, and lets the user in once the lock ends", async () => {
    await createUser(http.core, "dr.west");
    const answers = [];
    for (let guess = 1; guess <= 60; guess++) {
      // A patient attacker: waits out each delay, so every guess that may be checked is checked.
      const answer = await attempt(http.app, { username: "dr.west", password: `guess number ${guess}`, from: "198.51.100.20" });
      answers.push(codeOf(answer));
      if (codeOf(answer) === "login_delayed") http.wait(retryAfterOf(answer));
    }
    expect(answers.filter((code) => code === "unauthorized")).toHaveLength(10);
    expect(answers.at(-1)).toBe("login_locked");

    const right = await attempt(http.app, { username: "dr.west", password: rightPassword, from: "192.0.2.33" });
    expectError(right, 429, "login_locked");
    expect(right.body.error.message).toMatch(/locked .*try again after 2026-03-02T08:/);
    expect(retryAfterOf(right)).toBeGreaterThan(10 * 60);
    expect(retryAfterOf(right)).toBeLessThanOrEqual(15 * 60);

    const audit = http.log.filter((line) => line.event === "login_locked");
    expect(audit).toEqual([
      expect.objectContaining({ level: 40, username: "dr.west", address: "198.51.100.20", failures: 10, lockedUntil: expect.any(String) }),
    ]);
    expect(audit[0]!.msg).toContain('login locked for username "dr.west"');
    expect(http.log.filter((line) => line.event === "login_failed")).toHaveLength(9);
    const logged = JSON.stringify(http.log);
    expect(logged).not.toContain("guess number");
    expect(logged).not.toContain(rightPassword);

    http.wait(retryAfterOf(right));
    expect((await attempt(http.app, { username: "dr.west", password: rightPassword })).status).toBe(200);
  });

  it("doubles the wait after each failure beyond the first three, counted per username, until the lock", async () => {
    await createUser(http.core, "nurse.east");
    const waits = [];
    for (let guess = 1; guess <= 30; guess++) {
      const answer = await attempt(http.app, { username: "nurse.east", password: `wrong guess ${guess}` });
      if (codeOf(answer) === "login_locked") break;
      if (codeOf(answer) === "unauthorized") continue;
      expectError(answer, 429, "login_delayed");
      expect(answer.body.error.message).toContain("this username");
      waits.push(retryAfterOf(answer));
      http.wait(retryAfterOf(answer));
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60]);
  });

  it("locks a username nobody has exactly like a real one, so answers never tell which usernames exist", async () => {
    await createUser(http.core, "admin");
    const run = async (username: string) => {
      const seen = [];
      for (let guess = 1; guess <= 20; guess++) {
        const answer = await attempt(http.app, { username, password: "not it at all", from: "198.51.100.30" });
        seen.push({ status: answer.status, body: answer.body, retryAfter: answer.headers["retry-after"] });
        if (answer.status === 429) http.wait(retryAfterOf(answer));
      }
      return seen;
    };
    const real = await run("admin");
    http.wait(24 * 60 * 60); // the address's failures are forgotten too
    const madeUp = await run("nobody.here");
    expect(madeUp.map((seen) => seen.body.error.code)).toContain("login_locked");
    expect(
      JSON.stringify(madeUp)
        .replaceAll("nobody.here", "admin")
        .replace(/2026-03-0\dT[\d:.]+Z/g, "(time)"),
    ).toBe(JSON.stringify(real).replace(/2026-03-0\dT[\d:.]+Z/g, "(time)"));
  });

  it("delays a client address that fails for many usernames, even with a right password, and no other address", async () => {
    await createUser(http.core, "clerk.one");
    for (let user = 1; user <= 10; user++) {
      expectError(await attempt(http.app, { username: `sprayed.${user}`, password: "Spring is here 2026", from: "198.51.100.40" }), 401);
    }
    const sameAddress = await attempt(http.app, { username: "clerk.one", password: rightPassword, from: "198.51.100.40" });
    expectError(sameAddress, 429, "login_delayed");
    expect(sameAddress.body.error.message).toContain("this address");
    expect((await attempt(http.app, { username: "clerk.one", password: rightPassword, from: "198.51.100.41" })).status).toBe(200);
  });

  it("clears a username's failures when its right password is given", async () => {
    await createUser(http.core, "dr.reset");
    for (let failure = 1; failure <= 3; failure++) await attempt(http.app, { username: "dr.reset", password: "wrong wrong wrong" });
    http.wait(1);
    expect((await attempt(http.app, { username: "dr.reset", password: rightPassword, from: "192.0.2.9" })).status).toBe(200);
    expectError(await attempt(http.app, { username: "dr.reset", password: "wrong again here", from: "192.0.2.9" }), 401, "unauthorized");
    // Only one failure since the success: no delay yet.
    expectError(await attempt(http.app, { username: "dr.reset", password: "wrong again here", from: "192.0.2.9" }), 401, "unauthorized");
  });
});
