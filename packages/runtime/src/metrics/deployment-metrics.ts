import { coreVersion, type Core, type PlugHealth } from "@care/core";
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { MetricsSettings } from "../settings.js";
import type { HandlerTiming } from "../plugs/wire-signals.js";
import { meterHandlers } from "./handler-metrics.js";
import { meterHttp } from "./http-metrics.js";
import { listenForMetrics, serveMetricsWithToken } from "./metrics-endpoint.js";
import { meterOutbox } from "./outbox-metrics.js";
import { meterPool } from "./pool-metrics.js";
import { meterVersions } from "./version-metrics.js";

export interface DeploymentMetrics {
  /** This deployment's own registry: two deployments in one process never share a series. */
  registry: Registry;
  /** Times plug signal handlers; given to `wireSignals`. */
  timing: HandlerTiming;
  /** Adds the request hooks and, with a token set, `/metrics` to the API app; call before routes are added. */
  instrument(app: FastifyInstance): void;
  /** Opens the separate metrics listener when one is set. */
  listen(): Promise<void>;
  /** Where the separate listener serves, once listening. */
  listenUrl(): string | undefined;
  close(): Promise<void>;
}

/** Prometheus metrics for one booted deployment: requests, plug handlers, durable delivery, outbox, versions, database pool, process. */
export function createDeploymentMetrics(core: Core, settings: MetricsSettings, plugs: () => PlugHealth[]): DeploymentMetrics {
  const registry = new Registry();
  // Unprefixed (process_*, nodejs_*), as the usual Node.js dashboards expect.
  collectDefaultMetrics({ register: registry });
  const handlers = meterHandlers(core, registry);
  meterOutbox(core, registry);
  meterVersions(registry, { version: coreVersion, engine: core.database.engine }, plugs);
  meterPool(registry, core.database);
  let listener: Awaited<ReturnType<typeof listenForMetrics>> | undefined;
  return {
    registry,
    timing: handlers.timing,
    instrument: (app) => {
      meterHttp(app, registry);
      if (settings.token) serveMetricsWithToken(app, registry, settings.token);
    },
    listen: async () => {
      if (!settings.listen || listener) return;
      listener = await listenForMetrics(registry, settings.listen, core.logger);
      core.logger.info({ url: listener.url }, `metrics served without a token at ${listener.url}`);
    },
    listenUrl: () => listener?.url,
    close: async () => {
      handlers.stop();
      await listener?.server.close();
      listener = undefined;
    },
  };
}
