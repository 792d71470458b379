import { describe, expect, it } from "vitest";
import { ApiError, parseErrorAnswer, unreachable } from "../src/api/api-error.js";

describe("the API's error answers", () => {
  it("keeps the code, message and each field's problem of Care's error body", () => {
    const body = {
      error: {
        code: "validation_failed",
        message: "invalid patient: birthDate: must not be in the future",
        details: [{ path: "birthDate", message: "must not be in the future" }, { path: 3 }],
      },
    };
    const error = parseErrorAnswer(400, JSON.stringify(body));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "validation_failed", message: body.error.message });
    // A malformed detail is dropped rather than shown as "undefined".
    expect(error.details).toEqual([{ path: "birthDate", message: "must not be in the future" }]);
  });

  it("reads an answer without details (a 409 illegal_transition, say) as having none", () => {
    const error = parseErrorAnswer(409, JSON.stringify({ error: { code: "illegal_transition", message: "finished is final" } }));
    expect(error).toMatchObject({ status: 409, code: "illegal_transition", details: [] });
  });

  it("names an answer that is not Care's (a proxy's HTML page, an empty body) by its status", () => {
    for (const text of ["<html><body>502 Bad Gateway</body></html>", "", "{}", '{"error":"nope"}']) {
      const error = parseErrorAnswer(502, text);
      expect(error).toMatchObject({ status: 502, code: "unreadable_answer" });
      expect(error.message).toContain("502");
    }
  });

  it("says when the server could not be reached at all", () => {
    const error = unreachable(new TypeError("fetch failed"));
    expect(error).toMatchObject({ status: 0, code: "network_unreachable" });
    expect(error.message).toContain("fetch failed");
  });
});
