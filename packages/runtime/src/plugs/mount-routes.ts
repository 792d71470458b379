import { CareError, errorBody, type Actor } from "@care/core";
import type { RouteDeclaration } from "@care/plug-api";
import type { FastifyInstance, FastifyRequest, FastifySchema } from "fastify";
import { z } from "zod";
import { createPlugContext, type PlugRuntime } from "./context.js";
import type { AnyRouteInput, PlugRoute } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { CodedError } from "../errors/coded-error.js";
import { SecretValues } from "../secrets/secret-values.js";
import { answerPlugFailure } from "./plug-route-failure.js";

/**
 * Mounts each plug's routes under `/api/plugs/<id>/`, authenticated like the core's unless declared
 * public. A route's context acts for its caller (none on a public route). All plugs share one Fastify
 * scope and get full URLs: a scope per plug costs a plugin load each (about 0.5 ms a plug at start-up)
 * and isolates nothing a plug could add. A switched-off plug's routes stay mounted and answer 503
 * `plug_disabled`, so its callers learn why rather than meeting a 404.
 *
 * Each route's zod schemas go to Fastify's `schema`: the core's app validates params, query and body
 * with them before the handler (400 `validation_failed`), serializes the answer through the response
 * schema and lists the route in the OpenAPI document (core http/request-validation.ts).
 */
export async function mountPlugRoutes(
  app: FastifyInstance,
  runtimes: readonly PlugRuntime[],
  switchedOff: readonly LoadedPlug[] = [],
  secrets: SecretValues = new SecretValues(),
): Promise<void> {
  await app.register(async (scope) => {
    // A write sent without a body is read as `{}`, so its schema refuses it field by field.
    scope.addHook("preValidation", async (request) => {
      if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
    });
    for (const plug of switchedOff) {
      const message =
        `plug ${plug.id} is switched off in this deployment; an administrator switches it on with ` +
        `\`pnpm care plug enable ${plug.id} -d <deployment>\` (or enabled: true in plug.config.ts) and a restart`;
      for (const route of plug.definition.routes ?? []) {
        checkPath(plug.id, route);
        const open = route.options.public;
        for (const url of urlsOf(plug.id, route.path)) {
          // A public route stays public, without the plug's own authenticate (none of its code runs).
          scope.route({
            method: route.method,
            url,
            schema: { summary: route.options.summary, tags: [`plug:${plug.id}`] } as DocumentedSchema,
            ...(open && { config: { public: open.reason } }),
            handler: (_request, reply) =>
              reply.status(503).send(errorBody("plug_disabled", message, [{ path: "plug", message: `${plug.id} is switched off` }])),
          });
        }
      }
    }
    for (const runtime of runtimes) {
      const { plug } = runtime;
      for (const route of plug.definition.routes ?? []) {
        checkPath(plug.id, route);
        const open = route.options.public;
        if (open && (!open.reason || typeof open.authenticate !== "function")) {
          throw new CodedError(
            "plug_route_invalid",
            `plug ${plug.id}: public route ${route.method} ${route.path} must say why it is public and how it authenticates its caller`,
          );
        }
        const status = successStatusOf(plug.id, route);
        for (const url of urlsOf(plug.id, route.path)) {
          scope.route({
            method: route.method,
            url,
            schema: fastifySchemaOf(plug.id, route.options),
            config: open ? { public: open.reason } : {},
            ...(open && {
              preHandler: async (request, reply) => {
                let accepted: boolean;
                try {
                  accepted = await open.authenticate(request, createPlugContext(runtime, null));
                } catch (error) {
                  return answerPlugFailure(plug.id, error, request, reply, secrets);
                }
                if (!accepted) throw new CareError("unauthorized", "the caller could not be authenticated");
              },
            }),
            handler: async (request, reply) => {
              const caller = open ? null : callerOf(request);
              const input: AnyRouteInput = { params: request.params, query: request.query, body: request.body, request, reply };
              if (caller) input.actor = caller;
              if (status !== undefined) reply.status(status);
              try {
                const answer = await route.handler(input, createPlugContext(runtime, caller));
                // A handler that sent its answer itself (a stream, say) returns the reply.
                return answer === reply || reply.sent ? reply : reply.send(answer);
              } catch (error) {
                return answerPlugFailure(plug.id, error, request, reply, secrets);
              }
            },
          });
        }
      }
    }
  });
}

/** What the OpenAPI document says of a route, besides its schemas (@fastify/swagger reads these keys). */
type DocumentedSchema = FastifySchema & { summary?: string; description?: string; tags?: string[] };

/** The signed-in caller the core's authentication set on an authenticated route's request. */
const callerOf = (request: FastifyRequest): Actor | null => (request as FastifyRequest & { actor?: Actor }).actor ?? null;

/** Without the slash, "or/x" of plug "lab" would answer at /api/plugs/labor/x, another plug's space. */
function checkPath(id: string, route: PlugRoute): void {
  if (route.path !== "" && !route.path.startsWith("/"))
    throw new CodedError("plug_route_invalid", `plug ${id}: route path "${route.path}" must start with /`);
  if (typeof route.options !== "object" || !route.options.responses) {
    throw new CodedError(
      "plug_route_invalid",
      `plug ${id}: route ${route.method} ${route.path} has no responses; ` +
        `build it with plugTypes().route.${route.method.toLowerCase()}(path, { summary, responses }, handler)`,
    );
  }
}

/** The route's status: its single 2xx response; with several, the handler sets one (reply.status). */
function successStatusOf(id: string, route: PlugRoute): number | undefined {
  const success = Object.keys(route.options.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300);
  if (success.length === 0)
    throw new CodedError(
      "plug_route_invalid",
      `plug ${id}: route ${route.method} ${route.path} declares no 2xx response; add e.g. responses: { 200: schema }`,
    );
  return success.length === 1 ? success[0] : undefined;
}

/**
 * An unknown query parameter is refused: a declared `z.object` query is made strict, and a route
 * without one accepts none. Only a `z.looseObject` query (an explicit catch-all) accepts others.
 */
function fastifySchemaOf(id: string, declaration: RouteDeclaration): DocumentedSchema {
  const declared = declaration.query;
  const query = declared === undefined ? z.strictObject({}) : declared.def.catchall === undefined ? declared.strict() : declared;
  return {
    summary: declaration.summary,
    ...(declaration.description && { description: declaration.description }),
    tags: [`plug:${id}`],
    ...(declaration.params && { params: declaration.params }),
    querystring: query,
    ...(declaration.body && { body: declaration.body }),
    response: declaration.responses,
  };
}

/** As a prefixed scope would: "/" answers at the prefix with and without the slash. */
function urlsOf(id: string, path: string): string[] {
  const prefix = `/api/plugs/${id}`;
  return path === "/" || path === "" ? [prefix, `${prefix}/`] : [`${prefix}${path}`];
}
