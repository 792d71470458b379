import { describe, expect, it } from "vitest";
import { expectError, seedAndLogin, useHttp, type Answer } from "./http-helpers.js";

function expectSecurityHeaders(answer: Answer) {
  expect(answer.headers).toMatchObject({
    "content-security-policy": "default-src 'none';frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "no-referrer",
    "strict-transport-security": expect.stringContaining("max-age="),
    "cross-origin-resource-policy": "same-origin",
  });
  expect(answer.headers["x-powered-by"]).toBeUndefined();
}

describe("security headers", () => {
  const http = useHttp();

  it("are on a normal answer, a health answer, a refusal, a validation error and a 404", async () => {
    const { tokens } = await seedAndLogin(http.core, http.app);
    const me = await http.request({ method: "GET", url: "/api/v1/me", token: tokens.doctor });
    expect(me.status).toBe(200);
    expectSecurityHeaders(me);

    const health = await http.request({ method: "GET", url: "/health" });
    expect(health.status).toBe(200);
    expectSecurityHeaders(health);

    const refused = await http.request({ method: "GET", url: "/api/v1/patients" });
    expectError(refused, 401, "unauthorized");
    expectSecurityHeaders(refused);

    const invalid = await http.request({ method: "POST", url: "/api/v1/auth/login", body: { username: "x" } });
    expectError(invalid, 400, "validation_failed");
    expectSecurityHeaders(invalid);

    const missing = await http.request({ method: "GET", url: "/api/v1/nowhere", token: tokens.doctor });
    expectError(missing, 404, "not_found");
    expectSecurityHeaders(missing);
  });
});
