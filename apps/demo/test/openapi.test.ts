import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { operationsOf, type ApiDocument } from "./api-document.js";
import { useDemo } from "./start-demo.js";

describe("the demo deployment's API reference", () => {
  const demo = useDemo();
  let document: ApiDocument;
  beforeAll(async () => {
    const answer = await fetch(`${demo.url}/api/openapi.json`);
    expect(answer.status).toBe(200);
    document = (await answer.json()) as ApiDocument;
  });

  it("serves a valid OpenAPI 3.1 document, without a token, that lists the plugs' routes beside the core's", async () => {
    expect(document.openapi).toBe("3.1.0");
    const validation = await new Validator().validate(document as never);
    expect(validation.errors ?? [], JSON.stringify(validation.errors, null, 2)).toEqual([]);
    expect(validation.valid).toBe(true);

    const keys = operationsOf(document).map((operation) => operation.key);
    expect(keys).toContain("get /api/v1/patients");
    expect(keys).toEqual(
      expect.arrayContaining([
        "post /api/plugs/lab/encounters/{encounterId}/orders",
        "get /api/plugs/lab/orders/{orderId}",
        "get /api/plugs/lab/patients/{patientId}/orders",
        "get /api/plugs/hello/patients/{patientId}/greetings",
        "get /api/plugs/notify/messages",
      ]),
    );
    const labOrder = document.paths["/api/plugs/lab/encounters/{encounterId}/orders"]!.post!;
    expect(labOrder.tags).toEqual(["plug:lab"]);
    expect(labOrder.summary).toBeTruthy();
    expect(labOrder.security, "plug routes need the token like the core's").toBeUndefined();
    expect(document.security).toEqual([{ bearerAuth: [] }]);
  });

  it("refuses an unknown query parameter with 400 validation_failed naming it, on core and plug routes alike", async () => {
    const patientId = "0190f0c2-0000-7000-8000-000000000000";
    for (const [path, parameter] of [
      ["/api/v1/patients?facilityID=0190f0c2-0000-7000-8000-000000000000", "facilityID"],
      [`/api/plugs/lab/patients/${patientId}/orders?state=pending`, "state"],
      [`/api/plugs/hello/patients/${patientId}/greetings?limit=5`, "limit"],
    ] as const) {
      const answer = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.token}` } });
      const body = (await answer.json()) as { error: { code: string; details: Array<{ path: string }> } };
      expect({ path, status: answer.status, code: body.error?.code }).toEqual({ path, status: 400, code: "validation_failed" });
      expect(body.error.details.map((detail) => detail.path)).toEqual([parameter]);
    }
  });

  it("serves a reference page whose scripts and styles all come from this server, and which reads the document", async () => {
    const page = await fetch(`${demo.url}/api/reference`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((match) => /\bsrc="([^"]+)"/.exec(match[1]!)?.[1]);
    const styles = [...html.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts, "an inline script would be blocked by the page's policy").not.toContain(undefined);
    for (const asset of [...(scripts as string[]), ...styles]) {
      const where = new URL(asset, `${demo.url}/api/reference`);
      expect(where.origin, asset).toBe(demo.url);
      const loaded = await fetch(where);
      expect(loaded.status, asset).toBe(200);
      // Read to the end: an unread answer keeps its connection busy and the server's close waits for it.
      expect((await loaded.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    // The policy lets the page load from this server only, so it never reaches out, even for images or fonts.
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/https?:|\*/);

    const initializer = await (await fetch(`${demo.url}/api/reference/static/swagger-initializer.js`)).text();
    expect(initializer).toContain("./json");
    const read = await fetch(`${demo.url}/api/reference/json`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as ApiDocument).paths).toEqual(document.paths);
  });
});
