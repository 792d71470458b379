import {
  buildHttpApp,
  coreVersion,
  createCore,
  type AdminBootstrap,
  type CareDatabase,
  type Core,
  type DispatcherOptions,
  type PlugHealth,
} from "@care/core";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { createDeploymentMetrics } from "./metrics/deployment-metrics.js";
import { markDetachedPlugs } from "./migrations/detach-plugs.js";
import { migrateDeployment, pendingMigrationReason } from "./migrations/migrate-deployment.js";
import type { PlugMigrationReport } from "./migrations/run-plug-migrations.js";
import { redactedConfig } from "./plugs/config.js";
import { createPlugContext, type PlugRuntime } from "./plugs/context.js";
import type { PlugContext, PlugShape } from "./plugs/definition.js";
import { mountPlugRoutes } from "./plugs/mount-routes.js";
import { plugHealthChecks } from "./plugs/plug-health.js";
import type { PreparedPlugs } from "./plugs/prepare.js";
import { openPlugDatabases } from "./plugs/session/open-plug-databases.js";
import { holdSwitchedOffDeliveries, wireSignals } from "./plugs/wire-signals.js";
import { readMetricsSettings, type LoginSettings, type MetricsSettings } from "./settings.js";
import { redactLogsOf } from "./logger.js";
import { SecretValues } from "./secrets/secret-values.js";
import { CodedError } from "./errors/coded-error.js";
import { mountAdminApi, type AdminApiOptions } from "./admin/mount-admin-api.js";

export interface BootOptions {
  database: CareDatabase;
  logger: Logger;
  adminPassword?: string | undefined;
  dispatcher?: DispatcherOptions;
  /** Runs before a migration that changes the schema (a start backs the database up here); not when it is current. */
  beforeMigrate?: () => Promise<void>;
  /** Login protection (CARE_TRUST_PROXY, CARE_LOGIN_*); the core's defaults when not given. */
  logins?: LoginSettings;
  /** Where `/metrics` is served; read from the environment (CARE_METRICS_TOKEN, CARE_METRICS_LISTEN) when not given. */
  metrics?: MetricsSettings;
  /** Where the deployment runs, for the admin console's API (its bundle records, care serve's socket); none when not given. */
  adminApi?: AdminApiOptions;
}

export interface BootedDeployment {
  core: Core;
  app: FastifyInstance;
  admin: AdminBootstrap;
  migrations: PlugMigrationReport[];
  health(): PlugHealth[];
  /** This deployment's Prometheus registry, and where its separate metrics listener serves (once started), if it has one. */
  metrics: { registry: Registry; listenUrl(): string | undefined };
  /** Runs the plugs' start hooks in start order; if one fails, stops those already started. */
  start(): Promise<void>;
  /**
   * Runs the plugs' stop hooks in reverse order (failures are logged, every plug gets its turn), then
   * closes the plugs' own database logins: call it once requests and deliveries are done.
   */
  stop(): Promise<void>;
}

/** Core and plugs on an open database: migrations, signals, routes. Serving is the caller's. */
export async function bootDeployment(prepared: PreparedPlugs, options: BootOptions): Promise<BootedDeployment> {
  const { database, logger } = options;
  const core = createCore({
    database,
    logger,
    ...(options.dispatcher && { dispatcher: options.dispatcher }),
    ...(options.logins && { logins: options.logins.protection }),
  });
  const { plugs: migrations } = await migrateDeployment(prepared, database, logger, {
    ...(options.beforeMigrate && { beforeChange: options.beforeMigrate }),
  });
  await markDetachedPlugs(prepared, database, logger);
  // A switched-off plug stays in the bundle (its routes answer 503), but none of its code runs.
  const running = prepared.plugs.filter((plug) => plug.enabled);
  const switchedOff = prepared.plugs.filter((plug) => !plug.enabled);
  const states = new Map(prepared.plugs.map((plug) => [plug.id, plug.enabled ? "installed" : "disabled"]));
  // Every resolved secret, of every plug: no log line, plug error answer or health reason shows one.
  const secrets = new SecretValues();
  for (const config of prepared.configs.values()) secrets.add(config.secretValues);
  redactLogsOf(
    logger,
    [...prepared.configs.values()].flatMap((config) => config.secretValues),
  );

  const databases = await openPlugDatabases(core, running);
  const runtimes: PlugRuntime[] = [];
  // Handlers, hooks and health checks act for nobody: no caller asked for them (asPlug() is explicit).
  const contexts = new Map<string, PlugContext<PlugShape, null>>();
  for (const plug of running) {
    const config = prepared.configs.get(plug.id)!;
    const plugLogger = logger.child({ plug: plug.id });
    plugLogger.debug({ config: redactedConfig(config) }, `plug ${plug.id} ${plug.version} configured`);
    const runtime = { core, plug, config: config.values, logger: plugLogger, db: databases.byPlug.get(plug.id)! };
    runtimes.push(runtime);
    contexts.set(plug.id, createPlugContext(runtime, null));
  }
  const health = () => prepared.plugs.map((plug) => ({ id: plug.id, version: plug.version, state: states.get(plug.id)! }));
  const metrics = createDeploymentMetrics(core, options.metrics ?? readMetricsSettings(process.env), health);
  wireSignals(core, prepared.plugs, contexts, metrics.timing);
  await holdSwitchedOffDeliveries(core, running, switchedOff, logger);

  const checks = plugHealthChecks(running, contexts, logger, { secrets });
  const readiness = async () => (await pendingMigrationReason(prepared, database)) ?? (await checks.requiredFailure());
  const withChecks = async () => {
    const results = await checks.results();
    return health().map((plug) => ({ ...plug, ...(results.has(plug.id) && { health: results.get(plug.id)! }) }));
  };
  const app = await buildHttpApp(core, {
    version: coreVersion,
    plugs: withChecks,
    readiness,
    instrument: metrics.instrument,
    // Plug code runs in core routes too (in-transaction signal handlers): their error answers are redacted as well.
    redact: (text) => secrets.redact(text),
    ...(options.logins && { trustProxy: options.logins.trustProxy, loginRateLimit: options.logins.rateLimit }),
  });
  await mountPlugRoutes(app, runtimes, switchedOff, secrets);
  await mountAdminApi(
    app,
    { prepared, database, states, health: checks.results, secrets },
    options.adminApi ?? { deployment: "<deployment>" },
  );
  const admin = await core.ensureAdmin(options.adminPassword);

  const started: string[] = [];
  return {
    core,
    app,
    admin,
    migrations,
    health,
    metrics: { registry: metrics.registry, listenUrl: metrics.listenUrl },
    start: async () => {
      for (const plug of running) {
        try {
          await plug.definition.hooks?.start?.(contexts.get(plug.id)!);
        } catch (error) {
          states.set(plug.id, "failed");
          await stopPlugs();
          await databases.close();
          // Printed to the terminal by the caller: a message quoting a secret loses it, and its cause, which would quote it again.
          const message = secrets.redact((error as Error).message);
          throw new CodedError("plug_start_failed", `plug ${plug.id} failed to start: ${message}`, {
            hint:
              "its start hook threw: fix its configuration or what it connects to, " +
              "switch it off (enabled: false), or report it to its publisher",
            ...(message === (error as Error).message && { cause: error }),
          });
        }
        states.set(plug.id, "started");
        started.push(plug.id);
      }
      try {
        await metrics.listen();
      } catch (error) {
        await stopPlugs();
        await databases.close();
        throw error;
      }
    },
    stop: async () => {
      await metrics.close();
      await stopPlugs();
      await databases.close();
    },
  };

  async function stopPlugs(): Promise<void> {
    for (const id of started.splice(0).reverse()) {
      const plug = prepared.plugs.find((entry) => entry.id === id)!;
      try {
        await plug.definition.hooks?.stop?.(contexts.get(id)!);
        states.set(id, "stopped");
      } catch (error) {
        states.set(id, "failed");
        logger.error({ err: error, plug: id }, `plug ${id} failed to stop cleanly`);
      }
    }
  }
}
