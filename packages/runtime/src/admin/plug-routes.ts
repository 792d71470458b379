import { notFound } from "@care/core";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { SecretValues } from "../secrets/secret-values.js";
import { adminErrors, idParams, noQuery } from "./admin-answers.js";
import { adminPlugDetailSchema, adminPlugSchema, migrationStepSchema } from "./admin-plug-schemas.js";
import { readMigrationHistory } from "./migration-history.js";
import { readAdminPlug, readAdminPlugs, type AdminSource } from "./read-admin-plugs.js";

const tags = ["admin"];
const access = "Administrators only.";

/**
 * `GET /admin/plugs`, `GET /admin/plugs/:id` and `GET /admin/migrations`: the deployment's plugs as
 * it runs them, read for each request (the database's versions and steps, the last health answers).
 * Every answer is cleaned of the deployment's secret values once more, whatever a plug put where.
 */
export function adminPlugRoutes(scope: FastifyInstance, source: AdminSource, secrets: SecretValues): void {
  scope.get(
    "/plugs",
    {
      schema: {
        summary: "List the deployment's plugs: versions, source, integrity, signature, state, health and metadata",
        description: `${access} The bundle's plugs in start order, then the detached ones (installed, no longer in plug.config.ts).`,
        tags,
        querystring: noQuery,
        response: { 200: z.object({ items: z.array(adminPlugSchema) }).describe("every plug"), ...adminErrors(400, 401, 403) },
      },
    },
    async () => secrets.redactDeep({ items: await readAdminPlugs(source) }),
  );
  scope.get(
    "/plugs/:id",
    {
      schema: {
        summary: "Read one plug, with its effective settings (secrets as set or unset only) and its migration steps",
        description: access,
        tags,
        params: idParams("plug"),
        querystring: noQuery,
        response: { 200: adminPlugDetailSchema.describe("the plug"), ...adminErrors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const plug = await readAdminPlug(source, id);
      if (!plug) throw notFound("plug", id);
      return secrets.redactDeep(plug);
    },
  );
  scope.get(
    "/migrations",
    {
      schema: {
        summary: "List every migration step the database recorded, the core's and each plug's, oldest first",
        description: access,
        tags,
        querystring: noQuery,
        response: { 200: z.object({ items: z.array(migrationStepSchema) }).describe("the steps"), ...adminErrors(400, 401, 403) },
      },
    },
    async () => ({ items: await readMigrationHistory(source.database.db) }),
  );
}
