import { forbidden, isAdmin, type Actor } from "@care/core";
import type { FastifyInstance, FastifyRequest } from "fastify";

/**
 * Every route of the scope is for administrators: the core's authentication (an app-wide hook that
 * runs first) answers 401 without a valid token, this 403 to any other role. Checked as the request
 * arrives, before its body is read: a refused upload is not received.
 */
export function administratorsOnly(scope: FastifyInstance): void {
  scope.addHook("onRequest", async (request) => {
    if (!isAdmin(callerOf(request))) throw forbidden("only administrators may use the admin console's API");
  });
}

// The core's authentication sets `actor` on every request it lets through (its type lives in the core).
const callerOf = (request: FastifyRequest): Actor => (request as FastifyRequest & { actor: Actor }).actor;

/** Who an action is recorded as: the admin's username. */
export const actorName = (request: FastifyRequest): string => {
  const actor = callerOf(request);
  return actor.kind === "user" ? actor.username : `system:${actor.name}`;
};
