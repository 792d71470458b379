import type { PlugRoute, PlugContext } from "@care/plug-api";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";

type Method = PlugRoute["method"];
type RawHandler = (
  request: FastifyRequest & { actor: any; params: any; body: any; query: any },
  reply: FastifyReply,
  context: PlugContext,
) => unknown;
type RawOptions = { public?: NonNullable<PlugRoute["options"]["public"]> };

/**
 * Routes for the runtime's own tests, which exercise mounting, roles and failures with the raw
 * request and reply rather than declared schemas: any query, any body, any 2xx answer. Plugs use
 * plugTypes().route, whose schemas the runtime validates (test/plug-routes.test.ts).
 */
const untyped =
  (method: Method) =>
  (path: string, handler: RawHandler, options: RawOptions = {}): PlugRoute => ({
    method,
    path,
    options: {
      summary: `${method} ${path} (a test route)`,
      query: z.looseObject({}),
      responses: { 200: z.unknown(), 201: z.unknown(), 202: z.unknown(), 204: z.unknown() },
      ...(options.public && { public: options.public }),
    },
    handler: (input, context) => handler(input.request as never, input.reply, context),
  });

export const route = {
  get: untyped("GET"),
  post: untyped("POST"),
  put: untyped("PUT"),
  patch: untyped("PATCH"),
  delete: untyped("DELETE"),
};
