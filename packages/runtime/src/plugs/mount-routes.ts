import { CareError } from "@care/core";
import type { FastifyInstance } from "fastify";
import { createPlugContext, type PlugRuntime } from "./context.js";
import type { PlugRequest } from "./definition.js";

/**
 * Mounts each plug's routes under `/api/plugs/<id>/`, authenticated like the core's unless declared
 * public. A route's context acts for its caller (none on a public route). All plugs share one Fastify
 * scope and get full URLs: a scope per plug costs a plugin load each (about 0.5 ms a plug at start-up)
 * and isolates nothing a plug could add.
 */
export async function mountPlugRoutes(app: FastifyInstance, runtimes: readonly PlugRuntime[]): Promise<void> {
  await app.register(async (scope) => {
    for (const runtime of runtimes) {
      const { plug } = runtime;
      const prefix = `/api/plugs/${plug.id}`;
      for (const route of plug.definition.routes ?? []) {
        // Without the slash, "or/x" of plug "lab" would answer at /api/plugs/labor/x, another plug's space.
        if (route.path !== "" && !route.path.startsWith("/")) throw new Error(`plug ${plug.id}: route path "${route.path}" must start with /`);
        const open = route.options?.public;
        if (open && (!open.reason || typeof open.authenticate !== "function")) {
          throw new Error(`plug ${plug.id}: public route ${route.method} ${route.path} must say why it is public and how it authenticates its caller`);
        }
        // As a prefixed scope would: "/" answers at the prefix with and without the slash.
        const urls = route.path === "/" || route.path === "" ? [prefix, `${prefix}/`] : [`${prefix}${route.path}`];
        for (const url of urls) {
          scope.route({
            method: route.method,
            url,
            config: open ? { public: open.reason } : {},
            ...(open && {
              preHandler: async (request) => {
                if (!(await open.authenticate(request, createPlugContext(runtime, null)))) throw new CareError("unauthorized", "the caller could not be authenticated");
              },
            }),
            handler: (request, reply) => {
              const caller = open ? null : ((request as PlugRequest).actor ?? null);
              return route.handler(request as PlugRequest, reply, createPlugContext(runtime, caller));
            },
          });
        }
      }
    }
  });
}
