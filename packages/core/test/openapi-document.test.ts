import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { useHttp } from "./http-helpers.js";

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses?: Record<string, unknown>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; security?: unknown[] };

/** Every route the core serves, as the document names it. */
const coreOperations = [
  "get /health/live",
  "get /health/ready",
  "get /health",
  "post /api/v1/auth/login",
  "post /api/v1/auth/logout",
  "get /api/v1/me",
  ...["facilities", "users", "patients", "encounters"].flatMap((resource) => [
    `get /api/v1/${resource}`,
    `post /api/v1/${resource}`,
    `get /api/v1/${resource}/{id}`,
    `patch /api/v1/${resource}/{id}`,
  ]),
  "get /api/v1/deliveries",
  "post /api/v1/deliveries/retry",
  "post /api/v1/deliveries/discard",
];

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
  );

describe("the OpenAPI document of the core's app", () => {
  const http = useHttp();

  it("is served without a token, is valid OpenAPI 3.1, and lists every core route with a summary, tags and responses", async () => {
    const answer = await http.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(answer.statusCode).toBe(200);
    const document = answer.json<Document>();
    expect(document.openapi).toBe("3.1.0");
    const validation = await new Validator().validate(document as never);
    expect(validation.errors ?? [], JSON.stringify(validation.errors, null, 2)).toEqual([]);
    expect(validation.valid).toBe(true);

    const operations = operationsOf(document);
    expect(operations.map((entry) => entry.key).sort()).toEqual([...coreOperations].sort());
    for (const { key, operation } of operations) {
      expect(operation.summary, key).toBeTruthy();
      expect(operation.tags?.length, key).toBeGreaterThan(0);
      expect(
        Object.keys(operation.responses ?? {}).some((status) => status.startsWith("2")),
        key,
      ).toBe(true);
    }
  });

  it("requires the bearer token everywhere but on the public routes, which say so", async () => {
    const document = (await http.app.inject({ method: "GET", url: "/api/openapi.json" })).json<Document>();
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    const open = operationsOf(document).filter(({ operation }) => operation.security?.length === 0);
    expect(open.map((entry) => entry.key).sort()).toEqual([
      "get /health",
      "get /health/live",
      "get /health/ready",
      "post /api/v1/auth/login",
    ]);
  });

  it("documents the list filters as query parameters and the id as a UUID path parameter", async () => {
    const document = (await http.app.inject({ method: "GET", url: "/api/openapi.json" })).json<Document>();
    const list = document.paths["/api/v1/patients"]!.get as { parameters: Array<{ name: string; in: string }> };
    expect(list.parameters.map((parameter) => `${parameter.in}:${parameter.name}`).sort()).toEqual([
      "query:cursor",
      "query:facilityId",
      "query:limit",
      "query:q",
    ]);
    const read = document.paths["/api/v1/patients/{id}"]!.get as { parameters: Array<{ name: string; in: string; schema: unknown }> };
    expect(read.parameters).toEqual([
      expect.objectContaining({ name: "id", in: "path", schema: expect.objectContaining({ format: "uuid" }) }),
    ]);
  });
});
