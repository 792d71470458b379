import type { CareDatabase } from "@care/core";
import type { FastifyInstance } from "fastify";
import type { PlugHealthCheck } from "../plugs/plug-health.js";
import type { PreparedPlugs } from "../plugs/prepare.js";
import type { SecretValues } from "../secrets/secret-values.js";
import { administratorsOnly } from "./admin-access.js";
import type { AdminPlug } from "./admin-plug-schemas.js";
import { readBundleRecords } from "./bundle-records.js";
import { adminPlugRoutes } from "./plug-routes.js";
import { supervisorRoutes } from "./supervisor-routes.js";

/** What the admin API needs to know of where the deployment runs. */
export interface AdminApiOptions {
  /** Its name, for hints ("care serve -d <name>"). */
  deployment: string;
  /** Its folder: plugs.lock.json, and in a bundle plugs.digests.json (checked by this start). */
  root?: string | URL | undefined;
  /** CARE_SUPERVISOR_SOCKET: care serve's control socket, when it runs this deployment. */
  supervisorSocket?: string | undefined;
}

/** The booted deployment, as the admin API reads it. */
export interface RunningPlugs {
  prepared: PreparedPlugs;
  database: CareDatabase;
  /** The boot's state of each plug: installed, started, disabled, stopped or failed. */
  states: ReadonlyMap<string, string>;
  /** The health checks /health/ready runs (shared: a plug's health() is not asked more often for this). */
  health: () => Promise<ReadonlyMap<string, PlugHealthCheck>>;
  secrets: SecretValues;
}

const stateOf = (state: string | undefined): AdminPlug["state"] => (state === "disabled" || state === "failed" ? state : "started");

/**
 * The admin console's API under `/api/v1/admin`, administrators only: the plugs as this deployment
 * runs them (read here, with or without a supervisor) and the routes relayed to care serve.
 * Users, facilities and deliveries are the core's own routes.
 */
export async function mountAdminApi(app: FastifyInstance, running: RunningPlugs, options: AdminApiOptions): Promise<void> {
  const { prepared, database, states, health, secrets } = running;
  const source = {
    prepared,
    database,
    bundle: await readBundleRecords(options.root),
    stateOf: (id: string) => stateOf(states.get(id)),
    health,
  };
  await app.register(
    async (scope) => {
      administratorsOnly(scope);
      // A write sent without a body is read as `{}`, as the core's routes do, so its schema refuses it field by field.
      scope.addHook("preValidation", async (request) => {
        if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
      });
      adminPlugRoutes(scope, source, secrets);
      await supervisorRoutes(scope, { deployment: options.deployment, socketPath: options.supervisorSocket });
    },
    { prefix: "/api/v1/admin" },
  );
}
