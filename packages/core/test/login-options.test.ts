import { describe, expect, it } from "vitest";
import { buildHttpApp, createCore } from "../src/index.js";
import { useCore } from "./helpers.js";

describe("login protection settings", () => {
  const started = useCore();

  it("refuses a setting that is not a whole number in range, naming it, when the core is created", () => {
    expect(() => createCore({ database: started.database, logins: { lockAfterFailures: 0 } })).toThrow(
      "login protection: lockAfterFailures must be a whole number of at least 1; got 0",
    );
    expect(() => createCore({ database: started.database, logins: { concurrentHashes: 1.5 } })).toThrow(
      /concurrentHashes must be a whole number/,
    );
    // No free failures and no waiting line are meaningful choices.
    expect(() => createCore({ database: started.database, logins: { freeFailuresPerUsername: 0, waitingHashes: 0 } })).not.toThrow();
  });

  it("refuses a rate limit that is not a whole number of at least 1, naming it, when the app is built", async () => {
    await expect(buildHttpApp(started.core, { version: "test", loginRateLimit: { perAddress: 2.5 } })).rejects.toThrow(
      "login rate limit: perAddress must be a whole number of at least 1; got 2.5",
    );
  });
});
