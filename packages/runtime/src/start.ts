import { buildHttpApp, coreVersion, createCore, openDatabase, type Core } from "@care/core";
import type { FastifyInstance } from "fastify";
import { startBanner } from "./banner.js";
import type { DeploymentManifest } from "./manifest.js";
import { createLogger } from "./logger.js";
import { readSettings } from "./settings.js";

export interface RunningDeployment {
  url: string;
  core: Core;
  app: FastifyInstance;
  /** Stops accepting requests, finishes those in flight, drains signal delivery, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the start-up banner goes; the banner may hold a one-time password, so never the log. */
  print?: (text: string) => void;
}

/** Boots the core for a deployment: settings, database, migrations, first admin, HTTP, signal delivery. */
export async function startDeployment(manifest: DeploymentManifest, options: StartOptions = {}): Promise<RunningDeployment> {
  const settings = readSettings(manifest.deployment, options.env ?? process.env);
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  if (manifest.plugs.length > 0) {
    const ids = manifest.plugs.map((entry) => entry.id).join(", ");
    throw new Error(`the manifest lists plugs (${ids}), but this runtime cannot load plugs yet; remove them from plug.config.ts`);
  }
  const logger = createLogger(settings.logLevel, manifest.deployment);

  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
  logger.info({ engine: database.engine }, `database: ${database.location}`);
  const core = createCore({ database, logger });
  let app: FastifyInstance | undefined;
  try {
    const { applied } = await core.migrate();
    if (applied.length) logger.info({ applied }, `applied core migrations: ${applied.join(", ")}`);
    const admin = await core.ensureAdmin(settings.adminPassword);

    app = await buildHttpApp(core, { version: coreVersion, plugs: () => [] });
    let stopping = false;
    // A keep-alive connection would hold the server open after its last response; ask it to close.
    app.addHook("onSend", async (_request, reply) => {
      if (stopping) reply.header("connection", "close");
    });
    await app.listen({ port: settings.port, host: settings.host });
    core.dispatcher.start();

    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : settings.port;
    const url = `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${port}`;
    print(startBanner(manifest.deployment, url, admin));

    const running = app;
    return {
      url,
      core,
      app: running,
      close: async () => {
        stopping = true;
        await running.close();
        await core.dispatcher.drain();
        await core.signals.idle();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close();
    await database.close();
    throw explainStartFailure(error, settings.port);
  }
}

function explainStartFailure(error: unknown, port: number): unknown {
  if ((error as NodeJS.ErrnoException)?.code === "EADDRINUSE") {
    return new Error(`port ${port} is already in use; stop what uses it or set PORT to another port`);
  }
  return error;
}
