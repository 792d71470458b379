import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "../actor.js";
import type { SessionService } from "../auth/sessions.js";
import { CareError } from "../errors.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling; set on every route that is not public. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Makes a route reachable without a token; the value says why it may be. */
    public?: string;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

/** Every route requires a valid bearer token unless its config names a reason to be public. */
export function requireAuthentication(app: FastifyInstance, sessions: SessionService): void {
  app.decorateRequest("actor", null as never);
  app.addHook("onRequest", async (request) => {
    if (request.routeOptions.config?.public) return;
    const token = bearerToken(request);
    const actor = token ? await sessions.authenticate(token) : undefined;
    if (!actor) {
      throw new CareError(
        "unauthorized",
        token ? "the token is invalid or expired; log in again" : "log in first: send Authorization: Bearer <token>",
      );
    }
    request.actor = actor;
  });
}
