import { DataFolderError } from "@care/core";
import { describe, expect, it } from "vitest";
import { describeFailure } from "../src/describe-failure.js";

/** The line `Care could not start: …` prints: the real cause, whatever was thrown. */
describe("a start failure as one line", () => {
  it("leads with a data folder refusal's stable code", () => {
    const refused = new DataFolderError(
      "data_folder_damaged",
      "/srv/care/PG_VERSION",
      "/srv/care holds a damaged database: /srv/care/PG_VERSION is missing.",
      {
        cause: Object.assign(new Error("ENOENT: no such file or directory, open '/srv/care/PG_VERSION'"), { code: "ENOENT" }),
      },
    );
    expect(describeFailure(refused)).toBe("data_folder_damaged: /srv/care holds a damaged database: /srv/care/PG_VERSION is missing.");
  });

  it("says what a thrown non-Error holds instead of [object Object]", () => {
    expect(describeFailure({ name: "ErrnoError", errno: 2 })).toBe("{ name: 'ErrnoError', errno: 2 }");
    expect(describeFailure({ name: "ExitStatus", message: "Program terminated with exit(1)", status: 1 })).toBe(
      "Program terminated with exit(1)",
    );
    expect(describeFailure("plain text")).toBe("plain text");
  });

  it("names the errno and path of a file system error, and what an empty AggregateError gathered", () => {
    const denied = Object.assign(new Error("permission denied"), { code: "EACCES", path: "/srv/care" });
    expect(describeFailure(denied)).toBe("EACCES: permission denied (/srv/care)");
    const refused = Object.assign(
      new AggregateError([new Error("connect ECONNREFUSED ::1:5432"), new Error("connect ECONNREFUSED 127.0.0.1:5432")], ""),
      { code: "ECONNREFUSED" },
    );
    expect(describeFailure(refused)).toBe("connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432");
  });

  it("adds PostgreSQL's SQLSTATE from a wrapped cause once, and a cause the wrapper did not repeat", () => {
    const missing = Object.assign(new Error('database "care" does not exist'), { code: "3D000", severity: "FATAL" });
    expect(describeFailure(new Error('cannot connect: database "care" does not exist', { cause: missing }))).toBe(
      'cannot connect: database "care" does not exist (PostgreSQL error 3D000)',
    );
    expect(describeFailure(new Error('cannot connect: database "care" does not exist (3D000)', { cause: missing }))).toBe(
      'cannot connect: database "care" does not exist (3D000)',
    );
    expect(describeFailure(new Error("plug lab failed to start", { cause: new Error("no route to the lab") }))).toBe(
      "plug lab failed to start (no route to the lab)",
    );
  });
});
