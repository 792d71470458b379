import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Core } from "../core.js";
import { collectApiDocument, serveApiDocument } from "./api-document.js";
import { authRoutes } from "./auth-routes.js";
import { requireAuthentication } from "./authenticate.js";
import { coreResourceRoutes } from "./core-resource-routes.js";
import { deliveryRoutes } from "./delivery-routes.js";
import { errorBody, redactErrorAnswers } from "./errors.js";
import { healthRoutes, type ReadinessCheck } from "./health.js";
import { loginRateLimits, type LoginRateLimitOptions } from "./login-rate-limits.js";
import { referencePage } from "./reference-page.js";
import { handleRefusalOrError } from "./refusal-handler.js";
import { useZodSchemas } from "./request-validation.js";
import { securityHeaders } from "./security-headers.js";

export interface PlugHealth {
  id: string;
  version: string;
  state: string;
  /** The plug's own `health()` answer, when it has one: a failing plug degrades readiness. */
  health?: { status: "ok" | "failing"; reason?: string; required: boolean; checkedAt: string };
}

export interface HttpOptions {
  version: string;
  logger?: Logger;
  /** What `/health` reports about plugs; the runtime fills it in. */
  plugs?: () => PlugHealth[] | Promise<PlugHealth[]>;
  /** Why the deployment is not ready beyond an unreachable database; the runtime checks migrations. */
  readiness?: ReadinessCheck;
  /**
   * Called on the new app before any route is added, so hooks it adds (the runtime's request
   * metrics) apply to every route, the core's and the plugs'.
   */
  instrument?: (app: FastifyInstance) => void;
  /**
   * Whether to believe X-Forwarded-For for the client's address (Fastify's `trustProxy`: `true`,
   * or the proxy's addresses). Off by default: otherwise any client could claim any
   * address and escape the per-address login limits. Set it only behind a reverse proxy.
   */
  trustProxy?: boolean | string | string[];
  /** Login requests allowed per client address and per username; see `docs/security/logins.md`. */
  loginRateLimit?: LoginRateLimitOptions;
  /**
   * Replaces secrets in the JSON text of every error answer, the core's routes' included (a plug's
   * in-transaction signal handler runs inside them); the runtime passes its SecretValues. The text
   * is JSON: a secret may appear in it JSON-escaped.
   */
  redact?: (text: string) => string;
}

/**
 * The core's HTTP API under `/api/v1`, `/health/live` and `/health/ready`, its OpenAPI document at
 * `/api/openapi.json` and reference page at `/api/reference`. Plugs' routes are added by the runtime.
 */
export async function buildHttpApp(core: Core, options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (options.logger ?? core.logger) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
  });
  options.instrument?.(app);
  if (options.redact) redactErrorAnswers(app, options.redact);
  // Before any other hook, so even a refusal by authentication carries the headers.
  await securityHeaders(app);
  const loginLimits = await loginRateLimits(app, options.loginRateLimit);
  // Before any route: routes added later (the plugs', by the runtime) are validated and documented too.
  useZodSchemas(app);
  await collectApiDocument(app, options.version);
  app.setErrorHandler(handleRefusalOrError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
  requireAuthentication(app, core.sessions);

  healthRoutes(app, core, { version: options.version, plugs: options.plugs ?? (() => []), readiness: options.readiness });

  await app.register(
    async (api) => {
      // A write sent without a body is read as `{}`, so it is refused field by field, as before schemas checked it.
      api.addHook("preValidation", async (request) => {
        if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
      });
      authRoutes(api, core.sessions, core.users, loginLimits);
      coreResourceRoutes(api, core);
      deliveryRoutes(api, core.deliveries);
    },
    { prefix: "/api/v1" },
  );
  serveApiDocument(app);
  await referencePage(app);
  return app;
}
