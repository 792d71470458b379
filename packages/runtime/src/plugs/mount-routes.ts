import { CareError, errorBody } from "@care/core";
import type { FastifyInstance } from "fastify";
import { createPlugContext, type PlugRuntime } from "./context.js";
import type { PlugRequest } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { SecretValues } from "../secrets/secret-values.js";
import { answerPlugFailure } from "./plug-route-failure.js";

/**
 * Mounts each plug's routes under `/api/plugs/<id>/`, authenticated like the core's unless declared
 * public. A route's context acts for its caller (none on a public route). All plugs share one Fastify
 * scope and get full URLs: a scope per plug costs a plugin load each (about 0.5 ms a plug at start-up)
 * and isolates nothing a plug could add. A switched-off plug's routes stay mounted and answer 503
 * `plug_disabled`, so its callers learn why rather than meeting a 404.
 */
export async function mountPlugRoutes(
  app: FastifyInstance,
  runtimes: readonly PlugRuntime[],
  switchedOff: readonly LoadedPlug[] = [],
  secrets: SecretValues = new SecretValues(),
): Promise<void> {
  await app.register(async (scope) => {
    for (const plug of switchedOff) {
      const message = `plug ${plug.id} is switched off in this deployment; an administrator switches it on with \`pnpm care plug enable ${plug.id} -d <deployment>\` (or enabled: true in plug.config.ts) and a restart`;
      for (const route of plug.definition.routes ?? []) {
        if (route.path !== "" && !route.path.startsWith("/")) throw new Error(`plug ${plug.id}: route path "${route.path}" must start with /`);
        const open = route.options?.public;
        for (const url of urlsOf(plug.id, route.path)) {
          // A public route stays public, without the plug's own authenticate (none of its code runs).
          scope.route({
            method: route.method,
            url,
            ...(open && { config: { public: open.reason } }),
            handler: (_request, reply) => reply.status(503).send(errorBody("plug_disabled", message, [{ path: "plug", message: `${plug.id} is switched off` }])),
          });
        }
      }
    }
    for (const runtime of runtimes) {
      const { plug } = runtime;
      for (const route of plug.definition.routes ?? []) {
        // Without the slash, "or/x" of plug "lab" would answer at /api/plugs/labor/x, another plug's space.
        if (route.path !== "" && !route.path.startsWith("/")) throw new Error(`plug ${plug.id}: route path "${route.path}" must start with /`);
        const open = route.options?.public;
        if (open && (!open.reason || typeof open.authenticate !== "function")) {
          throw new Error(`plug ${plug.id}: public route ${route.method} ${route.path} must say why it is public and how it authenticates its caller`);
        }
        for (const url of urlsOf(plug.id, route.path)) {
          scope.route({
            method: route.method,
            url,
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
              const caller = open ? null : ((request as PlugRequest).actor ?? null);
              try {
                return await route.handler(request as PlugRequest, reply, createPlugContext(runtime, caller));
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

/** As a prefixed scope would: "/" answers at the prefix with and without the slash. */
function urlsOf(id: string, path: string): string[] {
  const prefix = `/api/plugs/${id}`;
  return path === "/" || path === "" ? [prefix, `${prefix}/`] : [`${prefix}${path}`];
}
