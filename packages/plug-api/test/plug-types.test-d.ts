import type { Generated, Kysely } from "kysely";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  definePlug,
  plugTypes,
  type Actor,
  type ActorRef,
  type AnyPlugDefinition,
  type PlugConfigInput,
  type SystemActor,
} from "../src/index.js";

interface PlugTables {
  orders: { id: string; status: string; ordered_at: Generated<Date> };
}
const config = z.object({ blockFinish: z.boolean().default(true) });
const signals = { order_placed: z.object({ orderId: z.uuid() }) };
const lab = plugTypes<{ config: typeof config; tables: PlugTables; emits: typeof signals }>();
const order = z.object({ id: z.uuid(), status: z.string() });
const manifest = { name: "@care-test/lab", version: "1.0.0" };

describe("plugTypes routes", () => {
  it("types params, query and body from their schemas, and the caller of an authenticated route", () => {
    lab.route.post(
      "/encounters/:encounterId/orders",
      {
        summary: "Order a test",
        params: z.object({ encounterId: z.uuid() }),
        query: z.object({ dryRun: z.coerce.boolean().optional() }),
        body: z.object({ testCode: z.string().transform((code) => code.length) }),
        responses: { 201: order },
      },
      async (input, context) => {
        expectTypeOf(input.params).toEqualTypeOf<{ encounterId: string }>();
        expectTypeOf(input.query).toEqualTypeOf<{ dryRun?: boolean | undefined }>();
        expectTypeOf(input.body).toEqualTypeOf<{ testCode: number }>();
        expectTypeOf(input.actor).toEqualTypeOf<Actor>();
        expectTypeOf(context.actor).toEqualTypeOf<Actor>();
        return { id: "x", status: "pending" };
      },
    );
  });

  it("gives a public route no actor in its input and a null context actor", () => {
    lab.route.post(
      "/webhook",
      {
        summary: "A provider's callback",
        public: {
          reason: "the provider calls it without a user",
          authenticate: (request, context) => {
            expectTypeOf(context.actor).toEqualTypeOf<null>();
            return request.headers["x-signature"] === "ok";
          },
        },
        responses: { 204: z.null() },
      },
      (input, context) => {
        expectTypeOf(input).not.toHaveProperty("actor");
        expectTypeOf(context.actor).toEqualTypeOf<null>();
        expectTypeOf(input.body).toEqualTypeOf<undefined>();
        return null;
      },
    );
  });

  it("checks the handler's answer against the 2xx response schema", () => {
    const list = { summary: "Orders", responses: { 200: z.object({ items: z.array(order) }), 404: z.object({}) } };
    // @ts-expect-error: items must be orders
    lab.route.get("/orders", list, async () => ({ items: [{ id: 1 }] }));
    lab.route.get("/orders", list, async () => ({ items: [{ id: "x", status: "pending" }] }));
    lab.route.get("/orders/:id", { summary: "One order", params: z.object({ id: z.string() }), responses: { 200: order } }, () => ({
      id: "x",
      status: "pending",
    }));
  });
});

describe("the context of a typed plug", () => {
  it("types db by the plug's tables, config by its schema's output, emit by its signals", () => {
    lab.route.get("/x", { summary: "x", responses: { 200: z.object({ n: z.number() }) } }, async (_input, context) => {
      expectTypeOf(context.db).toEqualTypeOf<Kysely<PlugTables>>();
      expectTypeOf(context.config.blockFinish).toEqualTypeOf<boolean>();
      const rows = await context.db.selectFrom("orders").select(["id", "ordered_at"]).execute();
      expectTypeOf(rows).toEqualTypeOf<{ id: string; ordered_at: Date }[]>();
      // @ts-expect-error: no such table
      context.db.selectFrom("results");
      await context.emit("order_placed", { orderId: "x" });
      // @ts-expect-error: the plug does not emit this signal
      await context.emit("order_lost", {});
      // @ts-expect-error: the payload misses orderId
      await context.emit("order_placed", {});
      return { n: rows.length };
    });
  });

  it("types signal handlers with the payload of the core signal, the plug's tables and asPlug's actor", () => {
    lab.on("encounter.closed", {
      mode: "inTransaction",
      handle(payload, context) {
        expectTypeOf(payload.encounter.status).toBeString();
        // Who caused it travels in the payload; the handler itself acts for nobody, and as the plug with asPlug().
        expectTypeOf(payload.actor).toEqualTypeOf<ActorRef>();
        expectTypeOf(context.actor).toEqualTypeOf<null>();
        expectTypeOf(context.asPlug().actor).toEqualTypeOf<SystemActor>();
        expectTypeOf(context.db).toEqualTypeOf<Kysely<PlugTables>>();
        expectTypeOf(context.eventId).toBeString();
      },
    });
  });
});

describe("who a context acts for", () => {
  it("is nobody in start and stop hooks and in health(), the plug itself only through asPlug()", () => {
    lab.define({
      package: manifest,
      config,
      hooks: {
        start(context) {
          expectTypeOf(context.actor).toEqualTypeOf<null>();
          expectTypeOf(context.asPlug().actor).toEqualTypeOf<SystemActor>();
        },
        stop(context) {
          expectTypeOf(context.actor).toEqualTypeOf<null>();
        },
        install(context) {
          expectTypeOf(context).not.toHaveProperty("actor");
        },
      },
      health(context) {
        expectTypeOf(context.actor).toEqualTypeOf<null>();
        expectTypeOf(context.asPlug().actor).toEqualTypeOf<SystemActor>();
        return undefined;
      },
    });
  });

  it("is a signed-in caller on authenticated routes: never null there", () => {
    lab.route.get("/whoami", { summary: "Who is asking", responses: { 200: z.object({ name: z.string() }) } }, (input, context) => {
      expectTypeOf(context.actor).toEqualTypeOf<Actor>();
      expectTypeOf(context.actor).not.toEqualTypeOf<Actor | null>();
      return { name: input.actor.kind === "user" ? input.actor.username : input.actor.name };
    });
  });
});

describe("definitions", () => {
  it("are assignable to AnyPlugDefinition, and PlugConfigInput is the config schema's input", () => {
    const typed = lab.define({ package: manifest, config, emits: signals, routes: [] });
    const small = definePlug({ package: manifest, config });
    expectTypeOf(typed).toExtend<AnyPlugDefinition>();
    expectTypeOf(small).toExtend<AnyPlugDefinition>();
    expectTypeOf<PlugConfigInput<typeof typed>>().toEqualTypeOf<{ blockFinish?: boolean | undefined }>();
  });
});
