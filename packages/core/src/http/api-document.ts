import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";

const description = [
  "Care's HTTP API: the core's resources under /api/v1 and each plug's routes under /api/plugs/<plug id>.",
  "Every operation needs `Authorization: Bearer <token>` (from POST /api/v1/auth/login) unless it lists no security.",
  "Errors answer `{error: {code, message, details: [{path, message}]}}`; an unknown query parameter is refused with 400 validation_failed.",
].join(" ");

/** The core's groups of operations; each plug's are tagged `plug:<id>` by the runtime. */
const coreTags = [
  { name: "auth", description: "Logging in and out, and who is logged in" },
  { name: "facilities", description: "Hospitals, clinics and other sites" },
  { name: "users", description: "Staff accounts, their roles and facilities" },
  { name: "patients", description: "Patients, each registered at one facility" },
  { name: "encounters", description: "Visits and stays, from planned to finished or cancelled" },
  { name: "deliveries", description: "Durable signal deliveries to plugs: inspect, retry, discard" },
  { name: "health", description: "Probes for load balancers and supervisors" },
];

/**
 * Collects the OpenAPI 3.1 document from every route's zod schemas: registered before any route,
 * so the plug routes the runtime mounts later are in it too. Public routes (their `config.public`
 * says why) are documented without the bearer requirement every other operation has.
 */
export async function collectApiDocument(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Care", version, description },
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "a token from POST /api/v1/auth/login" } },
      },
      security: [{ bearerAuth: [] }],
      tags: coreTags,
    },
    transform: (route) => {
      const transformed = jsonSchemaTransform(route);
      if (!route.route.config?.public || !transformed.schema) return transformed;
      return { ...transformed, schema: { ...transformed.schema, security: [] } };
    },
  });
}

/** `GET /api/openapi.json`: the document, public. */
export function serveApiDocument(app: FastifyInstance): void {
  app.get("/api/openapi.json", { config: { public: "describes the API; holds no data" }, schema: { hide: true } }, () => app.swagger());
}
