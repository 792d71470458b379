import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * Security headers on every answer, errors and 404s included. The API answers JSON, so the content
 * security policy allows nothing to load and no page to frame it; the one HTML page, the API
 * reference, sets its own policy (same-origin assets only, see reference-page.ts).
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
}
