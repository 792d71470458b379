import { describe, expect, it } from "vitest";
import { attempt, codeOf, createUser, retryAfterOf, rightPassword, useLoginApp, type Attempt } from "./login-helpers.js";

const line = { concurrentHashes: 2, waitingHashes: 8, hashesPerAddress: 4 };
// The flood is let through the rate limits, so it reaches the password-checking line this test is about.
const roomy = { loginRateLimit: { perAddress: 1000, perUsername: 1000 } };

const flood = (from: (n: number) => string): Attempt[] =>
  Array.from({ length: 40 }, (_, n) => ({ username: `flood.${n}`, password: "a wrong password here", from: from(n) }));

const tally = (codes: string[]) => {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
};

describe("the bounded password-checking line", () => {
  const http = useLoginApp({ logins: line, http: roomy });

  it("lets a real login through during 40 concurrent wrong logins from one address, checking at most 2 passwords at once", async () => {
    await createUser(http.core, "dr.real");
    const answers = await Promise.all([
      ...flood(() => "198.51.100.50").map((wrong) => attempt(http.app, wrong)),
      attempt(http.app, { username: "dr.real", password: rightPassword, from: "192.0.2.50" }),
    ]);
    const real = answers.pop()!;
    expect(real.status, JSON.stringify(real.body)).toBe(200);

    const codes = tally(answers.map(codeOf));
    expect(Object.keys(codes).sort()).toEqual(["login_busy", "unauthorized"]);
    // One address holds at most 4 places in the line (36 of 40 refused when run here), so the line itself never fills.
    expect(codes.login_busy).toBeGreaterThan(0);
    for (const answer of answers.filter((answer) => codeOf(answer) === "login_busy")) {
      expect(answer.body.error.message).toContain("from this address");
    }
    const counts = http.core.sessions.hashingCounts();
    expect(counts.mostRunning).toBe(2);
    expect(counts.mostWaiting).toBeLessThanOrEqual(8);
    expect(counts.refused).toBe(codes.login_busy);
  });

  it("refuses at once, with login_busy and Retry-After, what finds no place in the line when 40 addresses flood together", async () => {
    const answers = await Promise.all(flood((n) => `203.0.113.${n + 1}`).map((wrong) => attempt(http.app, wrong)));
    const busy = answers.filter((answer) => codeOf(answer) === "login_busy");
    const checked = answers.filter((answer) => codeOf(answer) === "unauthorized");
    expect(busy.length + checked.length).toBe(40);
    // 2 checking and 8 waiting: with 40 arriving together (30 refused when run here), some find no place.
    expect(busy.length).toBeGreaterThan(0);
    for (const answer of busy) {
      expect(answer.status).toBe(503);
      expect(retryAfterOf(answer)).toBe(1);
    }
    const counts = http.core.sessions.hashingCounts();
    expect(counts.mostRunning).toBe(2);
    expect(counts.mostWaiting).toBeLessThanOrEqual(8);
    expect(counts).toMatchObject({ running: 0, waiting: 0 });
  });
});
