import { openDatabase, type Core } from "@care/core";
import type { FastifyInstance } from "fastify";
import { startBanner } from "./banner.js";
import { bootDeployment } from "./boot.js";
import { holdRunningMark } from "./backups/running-mark.js";
import { backupBeforeChange } from "./backups/take-backup.js";
import { createLogger } from "./logger.js";
import type { DeploymentManifest } from "./manifest.js";
import { preparePlugs } from "./plugs/prepare.js";
import { readSettings } from "./settings.js";
import { checkBundleDigests } from "./trust/bundle-digests.js";
import { CodedError } from "./errors/coded-error.js";
import { serveWebApp } from "./web/serve-web-app.js";
import { serveOnProbation } from "./probation.js";
import { webAppFolder } from "./web/web-app-folder.js";

export interface RunningDeployment {
  url: string;
  core: Core;
  app: FastifyInstance;
  /**
   * Stops accepting requests and claiming durable deliveries, finishes the requests in flight and
   * (within a bound) the deliveries in hand, stops plugs, closes the database.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the start-up banner goes; the banner may hold a one-time password, so never the log. */
  print?: (text: string) => void;
  /** The built web app to serve at `/`; by default `dist/web` in the manifest's root, when it has one. */
  webDir?: string;
  /**
   * The deployment's folder when the manifest no longer names it (`runDeployment` checks its
   * plugs.digests.json before loading the manifest): the admin API reads its plugs.lock.json there.
   */
  root?: string | URL;
}

/**
 * Starts a deployment: settings, plug checks and configs (before touching the database), database,
 * core and plug migrations, signals, routes, start hooks, then serving and durable delivery.
 */
export async function startDeployment(manifest: DeploymentManifest, options: StartOptions = {}): Promise<RunningDeployment> {
  const env = options.env ?? process.env;
  const settings = readSettings(manifest.deployment, env);
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const logger = await createLogger(settings.logLevel, manifest.deployment);
  // Before anything else touches data: a plug changed on the server after bundling is refused.
  await checkBundleDigests(manifest.root);
  const prepared = await preparePlugs(manifest, env);

  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
  logger.info({ engine: database.engine }, `database: ${database.location}`);
  let booted: Awaited<ReturnType<typeof bootDeployment>> | undefined;
  let releaseRunningMark = async () => {};
  try {
    // On a server, what tells `care restore` this deployment runs (PGlite: the data folder's lock).
    releaseRunningMark = await holdRunningMark(database, logger);
    booted = await bootDeployment(prepared, {
      database,
      logger,
      beforeMigrate: async () =>
        void (await backupBeforeChange(database, { deployment: manifest.deployment, prepared, settings: settings.backups }, logger)),
      adminPassword: settings.adminPassword,
      metrics: settings.metrics,
      logins: settings.logins,
      adminApi: { deployment: manifest.deployment, root: manifest.root ?? options.root, supervisorSocket: settings.supervisorSocket },
      ...(settings.deliveryConcurrency !== undefined && { dispatcher: { concurrency: settings.deliveryConcurrency } }),
    });
    const { app, core } = booted;
    const webDir = options.webDir ?? (manifest.root === undefined ? undefined : webAppFolder(manifest.root));
    const servesWebApp = webDir !== undefined && (await serveWebApp(app, webDir));
    let stopping = false;
    // A keep-alive connection would hold the server open after its last response; ask it to close.
    app.addHook("onSend", async (_request, reply) => {
      if (stopping) reply.header("connection", "close");
    });
    await booted.start();
    // A late message (the gate passed as a stop began) must not restart deliveries being drained.
    if (settings.startOnProbation) serveOnProbation(app, logger, () => !stopping && core.dispatcher.start());
    await app.listen({ port: settings.port, host: settings.host });
    if (!settings.startOnProbation) core.dispatcher.start();

    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : settings.port;
    const url = `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${port}`;
    print(startBanner(manifest.deployment, url, booted.admin, servesWebApp));

    const running = booted;
    return {
      url,
      core,
      app,
      close: async () => {
        stopping = true;
        // Durable delivery stops claiming at once, while requests finish: the deliveries in hand get
        // a bounded time, and the backlog (and what those requests write) stays for the next start.
        const draining = core.dispatcher.drain();
        await app.close();
        await draining;
        await core.signals.idle();
        // After the handlers, which may still use what a plug's stop hook releases.
        await running.stop();
        await releaseRunningMark();
        await database.close();
      },
    };
  } catch (error) {
    await booted?.stop();
    await booted?.app.close();
    await releaseRunningMark();
    await database.close();
    throw explainStartFailure(error, settings.port);
  }
}

function explainStartFailure(error: unknown, port: number): unknown {
  if ((error as NodeJS.ErrnoException)?.code === "EADDRINUSE") {
    return new CodedError("port_in_use", `port ${port} is already in use`, {
      hint: "stop what uses it, or set PORT to another port",
      cause: error,
    });
  }
  return error;
}
