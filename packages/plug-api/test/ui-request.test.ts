import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callPlugRoute, PlugRequestError, type CareUiHost } from "../src/ui/index.js";

// A server answering like a deployment's plug routes (the API's error answer included), called over HTTP.
let server: FastifyInstance;
let host: CareUiHost;
const seen: { url: string; authorization?: string; contentType?: string; body?: unknown }[] = [];

beforeAll(async () => {
  server = Fastify();
  server.addHook("onRequest", async (request) => {
    seen.push({ url: request.url, authorization: request.headers.authorization, contentType: request.headers["content-type"] });
  });
  server.get("/api/plugs/lab/patients/:patientId/orders", async (request) => ({ params: request.params, query: request.query }));
  server.post("/api/plugs/lab/encounters/:encounterId/orders", async (request, reply) => reply.status(201).send({ got: request.body }));
  server.delete("/api/plugs/lab/orders/:orderId", async (_request, reply) => reply.status(204).send());
  server.post("/api/plugs/lab/orders/:orderId/cancel", async (_request, reply) =>
    reply.status(409).send({
      error: { code: "lab_order_resulted", message: "order 7 has a result", details: [{ path: "orderId", message: "resulted" }] },
    }),
  );
  server.get("/api/plugs/lab/proxy-page", async (_request, reply) => reply.status(502).type("text/html").send("<h1>Bad gateway</h1>"));
  const address = await server.listen({ host: "127.0.0.1", port: 0 });
  host = {
    fetch: (path, init) => fetch(`${address}${path}`, { ...init, headers: { ...init?.headers, authorization: "Bearer t0ken" } }),
    user: null,
    locale: "en",
  };
});
afterAll(() => server.close());

describe("callPlugRoute", () => {
  it("fills the path's params (encoded), sends the query and the user's token, and answers the JSON body", async () => {
    const answer = await callPlugRoute(host, "lab", "GET /patients/:patientId/orders", {
      params: { patientId: "a b+c" },
      query: { status: "pending", codes: ["FBC", "HB"], absent: undefined },
    });
    expect(answer).toEqual({ params: { patientId: "a b+c" }, query: { status: "pending", codes: ["FBC", "HB"] } });
    expect(seen.at(-1)).toMatchObject({
      url: "/api/plugs/lab/patients/a%20b%2Bc/orders?status=pending&codes=FBC&codes=HB",
      authorization: "Bearer t0ken",
    });
  });

  it("sends a body as JSON", async () => {
    const answer = await callPlugRoute(host, "lab", "POST /encounters/:encounterId/orders", {
      params: { encounterId: "e1" },
      body: { testCode: "FBC" },
    });
    expect(answer).toEqual({ got: { testCode: "FBC" } });
    expect(seen.at(-1)?.contentType).toBe("application/json");
  });

  it("answers undefined for an empty answer", async () => {
    await expect(callPlugRoute(host, "lab", "DELETE /orders/:orderId", { params: { orderId: "7" } })).resolves.toBeUndefined();
  });

  it("throws the API's refusal as a PlugRequestError with its status, code, message and details", async () => {
    const error = await callPlugRoute(host, "lab", "POST /orders/:orderId/cancel", { params: { orderId: "7" } }).catch((e) => e);
    expect(error).toBeInstanceOf(PlugRequestError);
    expect(error).toMatchObject({
      name: "PlugRequestError",
      status: 409,
      code: "lab_order_resulted",
      message: "order 7 has a result",
      details: [{ path: "orderId", message: "resulted" }],
    });
  });

  it("keeps the status of an answer that is not the API's", async () => {
    const error = await callPlugRoute(host, "lab", "GET /proxy-page").catch((e) => e);
    expect(error).toMatchObject({ status: 502, code: "unreadable_answer", message: "the server answered 502 Bad Gateway" });
  });

  it("says so when the server cannot be reached", async () => {
    const closed = Fastify();
    const address = await closed.listen({ host: "127.0.0.1", port: 0 });
    await closed.close();
    const away = { ...host, fetch: (path: string, init?: RequestInit) => fetch(`${address}${path}`, init) };
    const error = await callPlugRoute(away, "lab", "GET /patients/:patientId/orders", { params: { patientId: "p" } }).catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: "network_unreachable" });
  });

  it("refuses a call without one of the path's params before sending it", async () => {
    const before = seen.length;
    await expect(callPlugRoute(host, "lab", "GET /patients/:patientId/orders")).rejects.toMatchObject({
      code: "plug_route_param_missing",
      message: "GET /patients/:patientId/orders needs params.patientId",
    });
    expect(seen.length).toBe(before);
  });

  it("refuses a param that would leave its path segment (., .., a slash) before sending it", async () => {
    const before = seen.length;
    for (const orderId of ["..", ".", "a/b", "..\\x"]) {
      const error = await callPlugRoute(host, "lab", "DELETE /orders/:orderId", { params: { orderId } }).catch((e) => e);
      expect(error).toBeInstanceOf(PlugRequestError);
      expect(error).toMatchObject({ status: 0, code: "plug_route_param_invalid" });
      expect((error as Error).message).toContain("params.orderId");
    }
    // ".." next to other characters is a name, not a step up.
    await expect(callPlugRoute(host, "lab", "DELETE /orders/:orderId", { params: { orderId: "..x" } })).resolves.toBeUndefined();
    expect(seen.map((request) => request.url).slice(before)).toEqual(["/api/plugs/lab/orders/..x"]);
  });

  it("refuses to call through a host that is not scoped when the plug id would leave /api/plugs/<id>/", async () => {
    const before = seen.length;
    const error = await callPlugRoute(host, "../v1", "GET /encounters").catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: "plug_ui_route_outside_plug" });
    expect(seen.length).toBe(before);
  });
});
