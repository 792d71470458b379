import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { ApiError, parseErrorAnswer, unreachable } from "../src/api/api-error.js";
import { asApiError, detailText, errorText } from "../src/errors/error-text.js";
import { en } from "../src/i18n/locales/en.js";
import { fr } from "../src/i18n/locales/fr.js";

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

describe("the error shown on a screen", () => {
  const inFrench = i18next.createInstance();
  inFrench.init({ resources: { en: { core: en }, fr: { core: fr } }, lng: "fr", fallbackLng: "en", defaultNS: "core", initAsync: false });
  const t = inFrench.t;

  it("is the text of its code in the reader's language, not the server's English", () => {
    const refused = parseErrorAnswer(401, JSON.stringify({ error: { code: "unauthorized", message: "invalid username or password" } }));
    expect(errorText(t, refused)).toBe(fr.errors.codes.unauthorized);
    expect(errorText(t, unreachable(new TypeError("fetch failed")))).toBe(fr.errors.codes.network_unreachable);
    expect(errorText(t, parseErrorAnswer(502, "<html></html>"))).toContain("502");
  });

  it("is the server's message for a code the app has no text for (a plug's own)", () => {
    const refused = new ApiError(409, "lab_order_closed", "the order is already resulted");
    expect(errorText(t, refused)).toBe("the order is already resulted");
  });

  it("translates a field's problem by its issue code when the server gives one, else keeps the server's words", () => {
    const body = {
      error: {
        code: "validation_failed",
        message: "invalid patient",
        details: [
          { path: "name", message: "Too small: expected string to have >=1 characters", code: "too_small" },
          { path: "birthDate", message: "must not be in the future" },
        ],
      },
    };
    const [named, unnamed] = parseErrorAnswer(400, JSON.stringify(body)).details;
    expect(detailText(t, named!)).toBe(fr.errors.fields.too_small);
    expect(detailText(t, unnamed!)).toBe("must not be in the future");
  });

  it("reads a plug screen's coded error the same way, and anything else as an internal error", () => {
    const plugRefusal = Object.assign(new Error("the server could not be reached"), { status: 0, code: "network_unreachable" });
    expect(asApiError(plugRefusal)).toMatchObject({ code: "network_unreachable", status: 0 });
    expect(asApiError(new TypeError("x is undefined"))).toMatchObject({ code: "internal_error", message: "x is undefined" });
  });
});
