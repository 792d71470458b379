import { describe, expect, it } from "vitest";
import { expectError } from "./http-helpers.js";
import { attempt, codeOf, createUser, rightPassword, useLoginApp } from "./login-helpers.js";

// The rate limits are out of the way: these tests are about the delays, the checking line and the lock.
const roomy = { loginRateLimit: { perAddress: 1000, perUsername: 1000 } };

/** An address inside the IPv6 network 2001:db8:1:2::/64 (or another /64 when `network` is given). */
const inNetwork = (host: number, network = "2001:db8:1:2") => `${network}:${host.toString(16)}:0:0:${(host * 7).toString(16)}`;

describe("failed logins from IPv6 addresses count per /64 network, as the rate limit counts them", () => {
  const http = useLoginApp({ logins: { freeFailuresPerAddress: 3 }, http: roomy });

  it("delays the fourth failure from one /64 even when every attempt uses a new address, and not another network", async () => {
    const codes = [];
    for (let n = 1; n <= 4; n++)
      codes.push(codeOf(await attempt(http.app, { username: `guess.${n}`, password: "a wrong password", from: inNetwork(n) })));
    expect(codes).toEqual(["unauthorized", "unauthorized", "unauthorized", "login_delayed"]);

    const delayed = await attempt(http.app, { username: "guess.5", password: "a wrong password", from: inNetwork(99) });
    expectError(delayed, 429, "login_delayed");
    expect(delayed.body.error.message).toContain("this address");
    // The audit line keeps the address the client really used.
    expect(http.log.filter((line) => line.event === "login_failed").map((line) => line.address)).toContain(inNetwork(2));

    const elsewhere = await attempt(http.app, { username: "guess.6", password: "a wrong password", from: inNetwork(1, "2001:db8:1:3") });
    expect(codeOf(elsewhere)).toBe("unauthorized");
  });
});

describe("the checking line counts one /64 network as one address", () => {
  const http = useLoginApp({
    logins: { hashesPerAddress: 1, concurrentHashes: 1, waitingHashes: 20, freeFailuresPerAddress: 100 },
    http: roomy,
  });

  it("refuses with login_busy all but one of 6 concurrent logins from one /64, while another network gets its place", async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, n) =>
        attempt(http.app, { username: `crowd.${n}`, password: "a wrong password", from: inNetwork(n + 1) }),
      ),
      attempt(http.app, { username: "other.net", password: "a wrong password", from: inNetwork(1, "2001:db8:9:9") }),
    ]);
    const other = answers.pop()!;
    expect(codeOf(other)).toBe("unauthorized");
    const codes = answers.map(codeOf).sort();
    expect(codes).toEqual(["login_busy", "login_busy", "login_busy", "login_busy", "login_busy", "unauthorized"]);
  });
});

describe("a lock outlives a flood of made-up usernames", () => {
  const http = useLoginApp({
    logins: { lockAfterFailures: 2, freeFailuresPerUsername: 5, freeFailuresPerAddress: 100, rememberedRecords: 4 },
    http: roomy,
  });

  it("still refuses the locked username's right password after more made-up names failed than are remembered", async () => {
    await createUser(http.core, "admin");
    for (let guess = 1; guess <= 2; guess++)
      await attempt(http.app, { username: "admin", password: `wrong guess ${guess}`, from: "198.51.100.7" });
    expectError(await attempt(http.app, { username: "admin", password: rightPassword, from: "192.0.2.1" }), 429, "login_locked");

    for (let n = 1; n <= 8; n++) {
      expect(codeOf(await attempt(http.app, { username: `made.up.${n}`, password: "a wrong password", from: `203.0.113.${n}` }))).toBe(
        "unauthorized",
      );
    }
    expectError(await attempt(http.app, { username: "admin", password: rightPassword, from: "192.0.2.1" }), 429, "login_locked");
  });
});
