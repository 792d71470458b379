import { describe, expect, it } from "vitest";
import { expectError } from "./http-helpers.js";
import { attempt, createUser, retryAfterOf, rightPassword, useLoginApp } from "./login-helpers.js";

const limits = { perAddress: 5, perUsername: 3 };

describe("login rate limits", () => {
  describe("by default (no proxy trusted)", () => {
    const http = useLoginApp({ http: { loginRateLimit: limits } });

    it("after 5 failed logins from one address in a minute, refuses the next with rate_limited and Retry-After; others go on", async () => {
      await createUser(http.core, "fay.f");
      for (let guess = 1; guess <= 5; guess++) {
        expectError(
          await attempt(http.app, { username: `guessed.${guess}`, password: "no such user here", from: "198.51.100.7" }),
          401,
          "unauthorized",
        );
      }
      const sixth = await attempt(http.app, { username: "fay.f", password: rightPassword, from: "198.51.100.7" });
      expectError(sixth, 429, "rate_limited");
      expect(sixth.body.error.message).toContain("from this address");
      expect(retryAfterOf(sixth)).toBeGreaterThanOrEqual(1);
      expect(retryAfterOf(sixth)).toBeLessThanOrEqual(60);
      expect((await attempt(http.app, { username: "fay.f", password: rightPassword, from: "198.51.100.8" })).status).toBe(200);
    });

    it("does not count successful logins: a site's staff behind one address log in as often as they need", async () => {
      for (const name of ["ann.a", "ben.b", "cat.c"]) await createUser(http.core, name);
      const statuses = [];
      for (let round = 0; round < 4; round++) {
        for (const name of ["ann.a", "ben.b", "cat.c"])
          statuses.push((await attempt(http.app, { username: name, password: rightPassword, from: "198.51.100.9" })).status);
      }
      expect(statuses).toEqual(Array(12).fill(200));
    });

    it("after 3 failed logins naming one username from any addresses, refuses the next for it, and not for other usernames", async () => {
      await createUser(http.core, "dr.busy");
      await createUser(http.core, "dr.calm");
      for (const from of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) {
        expectError(await attempt(http.app, { username: "dr.busy", password: "guessing from afar", from }), 401, "unauthorized");
      }
      const fourth = await attempt(http.app, { username: "DR.BUSY", password: rightPassword, from: "192.0.2.4" });
      expectError(fourth, 429, "rate_limited");
      expect(fourth.body.error.message).toContain("for this username");
      expect(retryAfterOf(fourth)).toBeGreaterThanOrEqual(1);
      expect((await attempt(http.app, { username: "dr.calm", password: rightPassword, from: "192.0.2.4" })).status).toBe(200);
    });

    it("ignores X-Forwarded-For, so a client cannot escape its address's limit by claiming others", async () => {
      const answers = [];
      for (let claim = 1; claim <= 6; claim++) {
        const headers = { "x-forwarded-for": `10.9.8.${claim}` };
        answers.push(
          (await attempt(http.app, { username: `someone.${claim}`, password: "no such user here", from: "198.51.100.66", headers })).status,
        );
      }
      expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
    });
  });

  describe("behind a trusted reverse proxy", () => {
    const http = useLoginApp({ http: { loginRateLimit: limits, trustProxy: true } });

    it("counts each forwarded client address on its own", async () => {
      const statuses = async (forwardedFor: (claim: number) => string) => {
        const answers = [];
        for (let claim = 1; claim <= 6; claim++) {
          const headers = { "x-forwarded-for": forwardedFor(claim) };
          answers.push(
            (
              await attempt(http.app, {
                username: `person.${claim}.${forwardedFor(claim)}`,
                password: "no such user here",
                from: "10.0.0.1",
                headers,
              })
            ).status,
          );
        }
        return answers;
      };
      expect(await statuses((claim) => `203.0.113.${claim}`)).toEqual([401, 401, 401, 401, 401, 401]);
      expect(await statuses(() => "203.0.113.99")).toEqual([401, 401, 401, 401, 401, 429]);
    });
  });
});
