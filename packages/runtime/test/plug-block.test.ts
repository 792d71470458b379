import { describe, expect, it } from "vitest";
import { readPlugBlock } from "../src/index.js";

describe("the care.plug block", () => {
  it("reads a valid block with defaults", () => {
    expect(readPlugBlock({ name: "@care-plugs/lab", care: { plug: { id: "lab", core: "^0.1.0" } } })).toEqual({
      id: "lab",
      core: "^0.1.0",
      dependencies: {},
    });
  });

  it("says a package without the block is not a plug", () => {
    expect(() => readPlugBlock({ name: "left-pad" })).toThrow('left-pad is not a plug: its package.json has no "care": { "plug": { ... } } block');
  });

  it("names every bad field at once", () => {
    const read = () =>
      readPlugBlock({ name: "@x/bad", care: { plug: { id: "Lab-2", core: "one", dependencies: { notify: "latest-ish" }, extra: 1 } } });
    expect(read).toThrow(/@x\/bad has an invalid care\.plug block/);
    expect(read).toThrow(/care\.plug\.id: a plug id is 1-32 lowercase letters/);
    expect(read).toThrow(/care\.plug\.core: is not a semver range/);
    expect(read).toThrow(/care\.plug\.dependencies\.notify: is not a semver range/);
    expect(read).toThrow(/Unrecognized key/);
  });

  it("rejects ids longer than 32 characters", () => {
    expect(() => readPlugBlock({ care: { plug: { id: "a".repeat(33), core: "*" } } })).toThrow(/care\.plug\.id/);
  });
});
