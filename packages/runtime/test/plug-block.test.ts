import { describe, expect, it } from "vitest";
import { readPlugBlock } from "@care/plug-api";

describe("the care.plug block", () => {
  it("reads a valid block with defaults", () => {
    expect(readPlugBlock({ name: "@care-plugs/lab", care: { plug: { id: "lab", core: "^0.1.0" } } })).toEqual({
      id: "lab",
      core: "^0.1.0",
      dependencies: {},
      coreReads: {},
      hooks: [],
      hosts: [],
    });
  });

  it("says a package without the block is not a plug", () => {
    expect(() => readPlugBlock({ name: "left-pad" })).toThrow(
      'left-pad is not a plug: its package.json has no "care": { "plug": { ... } } block',
    );
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

  it("reads the core columns a plug declares, and refuses credentials, sessions and unknown tables with what it may declare", () => {
    const block = (coreReads: unknown) => readPlugBlock({ name: "@x/reader", care: { plug: { id: "reader", core: "*", coreReads } } });
    expect(block({ patients: ["id", "name"], users: ["id"] }).coreReads).toEqual({ patients: ["id", "name"], users: ["id"] });
    expect(() => block({ users: ["id", "password_hash"] })).toThrow(
      'care.plug.coreReads: core.users has no column "password_hash" that a plug may read; it may read id, username, display_name, ' +
        "roles, active, created_at, updated_at",
    );
    expect(() => block({ sessions: ["token_hash"] })).toThrow(
      /care\.plug\.coreReads: core table "sessions" is not one a plug may read; it may read facilities, patients/,
    );
    expect(() => block({ plugs: ["id"] })).toThrow(/core table "plugs" is not one a plug may read/);
    expect(() => block({ patients: [] })).toThrow(/"patients" lists the columns the plug reads, e.g. \["id"\]/);
    expect(() => block({ patients: "*" })).toThrow(/"patients" lists the columns the plug reads/);
    expect(() => block({ patients: ["id", "id"] })).toThrow(/"patients" lists id more than once/);
  });

  it("rejects ids longer than 32 characters", () => {
    expect(() => readPlugBlock({ care: { plug: { id: "a".repeat(33), core: "*" } } })).toThrow(/care\.plug\.id/);
  });
});
