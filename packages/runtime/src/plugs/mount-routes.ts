import { CareError } from "@care/core";
import type { FastifyInstance } from "fastify";
import type { PlugContext, PlugRequest } from "./definition.js";
import type { LoadedPlug } from "./loaded-plug.js";

/** Mounts each plug's routes under `/api/plugs/<id>/`, authenticated like the core's unless declared public. */
export async function mountPlugRoutes(app: FastifyInstance, plugs: readonly LoadedPlug[], contexts: Map<string, PlugContext>): Promise<void> {
  for (const plug of plugs) {
    const context = contexts.get(plug.id)!;
    const routes = plug.definition.routes ?? [];
    await app.register(
      async (scope) => {
        for (const route of routes) {
          const open = route.options?.public;
          if (open && (!open.reason || typeof open.authenticate !== "function")) {
            throw new Error(`plug ${plug.id}: public route ${route.method} ${route.path} must say why it is public and how it authenticates its caller`);
          }
          scope.route({
            method: route.method,
            url: route.path,
            config: open ? { public: open.reason } : {},
            ...(open && {
              preHandler: async (request) => {
                if (!(await open.authenticate(request, context))) throw new CareError("unauthorized", "the caller could not be authenticated");
              },
            }),
            handler: (request, reply) => route.handler(request as PlugRequest, reply, context),
          });
        }
      },
      { prefix: `/api/plugs/${plug.id}` },
    );
  }
}
