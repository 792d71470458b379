import { buildHttpApp, coreVersion, createCore, openDatabase, type Actor, type Core, type DeliveryMode } from "@care/core";
import type { Kysely } from "kysely";
import type { StorageSpec } from "./protocol.js";

/** One synthetic feature as a hand-written app holds it: the same module the plug wraps. */
export interface Feature {
  id: string;
  onPatientCreated(db: Kysely<any>, payload: unknown): Promise<void>;
  /** Reads through `core.patients.get(id)`, the core acting as the caller (as a plug's context.core does). */
  showPatient(core: { patients: { get(patientId: string): Promise<unknown> } }, patientId: string): Promise<unknown>;
  /** Writes and reads the feature's `visits` table through `db`, inside one transaction. */
  recordVisit(db: Kysely<any>, patientId: string, note: string): Promise<unknown>;
}

export interface FeaturesModule {
  features: Feature[];
  mode: DeliveryMode;
  installSql: string;
  /** The core route's table of the routes measurement (`baselineSchema`.visits), made as the app role. */
  baselineSql: string;
  baselineSchema: string;
}

/** Set by the core's authentication hook (its Fastify typing is not in core's declarations). */
export const callerOf = (request: unknown) => (request as { actor: Actor }).actor;

/**
 * A feature's visit, as a core route records it: in the core's unit of work, as the app role, with
 * no plug role, no statement check and no role switch. The same SQL as the plug's POST route.
 */
export function recordVisitAsCore(core: Core, feature: Feature, schema: string, actor: Actor, body: unknown): Promise<unknown> {
  const { patientId, note } = body as { patientId: string; note: string };
  return core.unitOfWork.write(actor, ({ tx }) => feature.recordVisit(tx.withSchema(schema), patientId, note));
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
      const actor = callerOf(request);
      const acting = { patients: { get: (patientId: string) => core.patients.get(actor, patientId) } };
      return feature.showPatient(acting, (request.params as { patientId: string }).patientId);
    });
    app.post(`/api/plugs/${feature.id}/visits`, (request) =>
      recordVisitAsCore(core, feature, `plug_${feature.id}`, callerOf(request), request.body),
    );
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
