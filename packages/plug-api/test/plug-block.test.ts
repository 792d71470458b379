import { describe, expect, it } from "vitest";
import { contractVersion, httpError, markCallerError, readPlugBlock } from "../src/index.js";

describe("the care.plug block", () => {
  it("reads the contract range a plug was built for, and refuses one that is not a range", () => {
    expect(readPlugBlock({ name: "@x/lab", care: { plug: { id: "lab", core: "*", contract: "^1.0.0" } } }).contract).toBe("^1.0.0");
    expect(() => readPlugBlock({ name: "@x/lab", care: { plug: { id: "lab", core: "*", contract: "one" } } })).toThrow(
      /@x\/lab has an invalid care\.plug block:\n {2}care\.plug\.contract: is not a semver range/,
    );
  });

  it("names the contract version this package declares", () => {
    expect(contractVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("errors meant for the caller", () => {
  it("carry their status, code and details on the registered mark the runtime reads", () => {
    const error = httpError(409, "slot_taken", "the slot is taken", [{ path: "slot", message: "taken" }]);
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for("care.callerError")]).toEqual({
      status: 409,
      code: "slot_taken",
      details: [{ path: "slot", message: "taken" }],
    });
    expect(() => markCallerError(new Error("x"), 500, "oops")).toThrow(/400-599 other than 500/);
  });
});
