import type { UseQueryResult } from "@tanstack/react-query";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { Role } from "../src/index.js";
import { plugTypes } from "../src/index.js";
import { plugClient, type PathParamNames, type PlugRequestError, type UiRole } from "../src/ui/index.js";

const lab = plugTypes<{ tables: {} }>();
const order = z.object({ id: z.string(), testCode: z.string(), orderedAt: z.date() });
const listOrders = lab.route.get(
  "/patients/:patientId/orders",
  {
    summary: "A patient's orders",
    params: z.object({ patientId: z.string() }),
    query: z.object({ status: z.enum(["pending", "resulted"]).optional() }),
    responses: { 200: z.object({ items: z.array(order) }) },
  },
  async () => ({ items: [] }),
);
const orderTest = lab.route.post(
  "/encounters/:encounterId/orders",
  {
    summary: "Order a test",
    params: z.object({ encounterId: z.string() }),
    body: z.object({
      testCode: z.string().transform((code) => code.toUpperCase()),
      priority: z.enum(["routine", "urgent"]).default("routine"),
    }),
    responses: { 201: order },
  },
  async () => ({ id: "1", testCode: "FBC", orderedAt: new Date() }),
);
const search = lab.route.get(
  "/search",
  { summary: "Search", query: z.object({ text: z.string() }), responses: { 200: z.array(z.string()) } },
  async () => [],
);
const ping = lab.route.get("/ping", { summary: "Ping", responses: { 200: z.object({ ok: z.boolean() }) } }, async () => ({ ok: true }));
const remove = lab.route.delete("/orders/:orderId", { summary: "Remove", responses: { 204: z.undefined() } }, async () => undefined);
const plug = lab.define({ package: { name: "@care-test/lab", version: "1.0.0" }, routes: [listOrders, orderTest, search, ping, remove] });

const { usePlugQuery, usePlugMutation } = plugClient<typeof plug>();

describe("plugClient<typeof plug>()", () => {
  it("answers a GET route's 2xx body as JSON brings it (dates are strings)", () => {
    const orders = usePlugQuery("GET /patients/:patientId/orders", { params: { patientId: "p1" }, query: { status: "pending" } });
    expectTypeOf(orders).toEqualTypeOf<
      UseQueryResult<{ items: { id: string; testCode: string; orderedAt: string }[] }, PlugRequestError>
    >();
    expectTypeOf(usePlugQuery("GET /ping").data).toEqualTypeOf<{ ok: boolean } | undefined>();
  });

  it("refuses an unknown route, a mutation route for a query and a query route for a mutation", () => {
    // @ts-expect-error no such route
    usePlugQuery("GET /patients/:patientId/order", { params: { patientId: "p1" } });
    // @ts-expect-error a POST route is not read with usePlugQuery
    usePlugQuery("POST /encounters/:encounterId/orders", { params: { encounterId: "e1" } });
    // @ts-expect-error a GET route is not called with usePlugMutation
    usePlugMutation("GET /ping");
  });

  it("requires the path's params and the query the schema requires, and refuses unknown ones", () => {
    // @ts-expect-error params missing
    usePlugQuery("GET /patients/:patientId/orders");
    // @ts-expect-error patientId missing
    usePlugQuery("GET /patients/:patientId/orders", { params: {} });
    // @ts-expect-error a status the schema does not accept
    usePlugQuery("GET /patients/:patientId/orders", { params: { patientId: "p1" }, query: { status: "lost" } });
    // @ts-expect-error the query's text is required
    usePlugQuery("GET /search");
    // @ts-expect-error the route has no query
    usePlugQuery("GET /ping", { query: { x: "1" } });
    usePlugQuery("GET /search", { query: { text: "fbc" } }, { enabled: false });
  });

  it("types a mutation's input by the body schema's input and its answer by the 2xx schema", () => {
    const order = usePlugMutation("POST /encounters/:encounterId/orders");
    order.mutate({ params: { encounterId: "e1" }, body: { testCode: "fbc" } });
    order.mutate({ params: { encounterId: "e1" }, body: { testCode: "fbc", priority: "urgent" } });
    // @ts-expect-error the body is required
    order.mutate({ params: { encounterId: "e1" } });
    // @ts-expect-error a priority the schema does not accept
    order.mutate({ params: { encounterId: "e1" }, body: { testCode: "fbc", priority: "soon" } });
    // @ts-expect-error testCode is a string
    order.mutate({ params: { encounterId: "e1" }, body: { testCode: 42 } });
    expectTypeOf(order.data).toEqualTypeOf<{ id: string; testCode: string; orderedAt: string } | undefined>();
    expectTypeOf(order.error).toEqualTypeOf<PlugRequestError | null>();
    expectTypeOf(usePlugMutation("DELETE /orders/:orderId").data).toEqualTypeOf<undefined>();
  });

  it("also reads the routes from an array of them", () => {
    const client = plugClient<[typeof ping, typeof remove]>();
    client.usePlugQuery("GET /ping");
    // @ts-expect-error not in the array
    client.usePlugQuery("GET /search", { query: { text: "x" } });
  });
});

describe("UI types", () => {
  it("names the path's params", () => {
    expectTypeOf<PathParamNames<"/a/:one/b/:two">>().toEqualTypeOf<"one" | "two">();
    expectTypeOf<PathParamNames<"/a">>().toEqualTypeOf<never>();
  });

  it("has the core's roles", () => {
    expectTypeOf<UiRole>().toEqualTypeOf<Role>();
  });
});
