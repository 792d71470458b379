import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

/**
 * What the reference page may load: its own scripts and styles, served from the installed package
 * (Swagger UI sets inline styles), images of its own or inline, and requests to this server only
 * (the document, and "try it out"). Nothing leaves the server, so the page works offline.
 */
const referencePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * `GET /api/reference`: the API reference, rendered by Swagger UI from the installed
 * @fastify/swagger-ui package, public like the document it reads (`/api/reference/json`).
 */
export async function referencePage(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // Every route the renderer adds (page, assets, document) is public, for the same reason.
    scope.addHook("onRoute", (route) => {
      route.config = { ...route.config, public: "the API reference: describes the API; holds no data" };
    });
    await scope.register(swaggerUi, {
      routePrefix: "/api/reference",
      staticCSP: referencePolicy,
      theme: { title: "Care API reference" },
      uiConfig: { deepLinking: true, persistAuthorization: false, tryItOutEnabled: false },
      validatorUrl: false,
    });
  });
}
