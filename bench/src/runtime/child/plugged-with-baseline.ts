import { openDatabase } from "@care/core";
import { createLogger } from "@care/runtime/tooling";
import { bootDeployment, preparePlugs } from "@care/runtime/tooling";
import { callerOf, recordVisitAsCore, type FeaturesModule } from "./hand-wired.js";
import { baselineVisitsPath, type ServeSpec } from "./protocol.js";

/**
 * The composed deployment, started as `startDeployment` starts it (boot, plugs' start hooks, listen,
 * dispatcher), with one core route added before it listens: `POST /api/bench/visits` records a visit
 * with the same feature code and SQL as the first plug's `POST /visits`, in a table of the same shape
 * (`bench_core.visits`), as the app role inside the core's unit of work. startDeployment listens
 * before it hands the app back, so the route cannot be added to a deployment it started.
 */
export async function startPluggedWithBaseline(spec: ServeSpec): Promise<{ port: number; close(): Promise<void> }> {
  const manifest = (await import(spec.manifestUrl)).default;
  const { features, baselineSql, baselineSchema } = (await import(spec.featuresUrl)) as FeaturesModule;
  const prepared = await preparePlugs(manifest, {});
  const database = await openDatabase(spec.storage);
  const logger = await createLogger(spec.logLevel, manifest.deployment);
  const booted = await bootDeployment(prepared, { database, logger, adminPassword: spec.adminPassword });
  const { app, core } = booted;
  await database.db.transaction().execute((tx) => database.runScript(tx, baselineSql));
  const feature = features[0]!;
  app.post(baselineVisitsPath, (request) => recordVisitAsCore(core, feature, baselineSchema, callerOf(request), request.body));
  await booted.start();
  await app.listen({ port: 0, host: "127.0.0.1" });
  core.dispatcher.start();
  const address = app.server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    close: async () => {
      const draining = core.dispatcher.drain();
      await app.close();
      await draining;
      await core.signals.idle();
      await booted.stop();
      await database.close();
    },
  };
}
