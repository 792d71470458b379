import { buildHttpApp, coreVersion, createCore, openDatabase, type Actor, type Core, type DeliveryMode } from "@care/core";
import type { Kysely } from "kysely";
import type { StorageSpec } from "./protocol.js";

/** One synthetic feature as a hand-written app holds it: the same module the plug wraps. */
interface Feature {
  id: string;
  onPatientCreated(db: Kysely<any>, payload: unknown): Promise<void>;
  showPatient(core: Core, actor: Actor, patientId: string): Promise<unknown>;
}

interface FeaturesModule {
  features: Feature[];
  mode: DeliveryMode;
  installSql: string;
}

export interface HandWired {
  core: Core;
  port: number;
  close(): Promise<void>;
}

/**
 * The cost floor of composition: the same core, the same handlers and routes, registered directly
 * on the core's SignalBus and Fastify app. No manifest, checks, config validation, per-plug roles
 * or migration bookkeeping: the features' tables come from one plain, idempotent SQL script.
 * Otherwise it starts in the order `startDeployment` does.
 */
export async function startHandWired(featuresUrl: string, storage: StorageSpec, adminPassword: string): Promise<HandWired> {
  const { features, mode, installSql } = (await import(featuresUrl)) as FeaturesModule;
  const database = await openDatabase(storage);
  const core = createCore({ database });
  await core.migrate();
  if (installSql) await database.db.transaction().execute((tx) => database.runScript(tx, installSql));

  for (const feature of features) {
    const schema = `plug_${feature.id}`;
    const own = database.db.withSchema(schema);
    core.signals.subscribe("patient.created", feature.id, mode, (payload, delivery) =>
      feature.onPatientCreated(mode === "inTransaction" ? delivery.db.withSchema(schema) : own, payload),
    );
  }
  const app = await buildHttpApp(core, { version: coreVersion });
  for (const feature of features) {
    app.get(`/api/plugs/${feature.id}/patients/:patientId`, (request) => {
      // Set by the core's authentication hook (its Fastify typing is not in core's declarations).
      const { actor } = request as unknown as { actor: Actor };
      return feature.showPatient(core, actor, (request.params as { patientId: string }).patientId);
    });
  }
  await core.ensureAdmin(adminPassword);
  await app.listen({ port: 0, host: "127.0.0.1" });
  core.dispatcher.start();
  const address = app.server.address();
  return {
    core,
    port: typeof address === "object" && address ? address.port : 0,
    close: async () => {
      await app.close();
      await core.dispatcher.drain();
      await core.signals.idle();
      await database.close();
    },
  };
}
