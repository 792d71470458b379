import { migrateCore, type CareDatabase } from "@care/core";
import type { Logger } from "pino";
import type { PreparedPlugs } from "../plugs/prepare.js";
import { planMigration } from "./plug-migrations.js";
import { changedSteps, migratePlug, type PlugMigrationReport, type RecordedStep } from "./run-plug-migrations.js";

export interface DeploymentMigrationReport {
  core: string[];
  plugs: PlugMigrationReport[];
}

/** Core migrations, then each plug's, in start order: what `care migrate` and every start run. */
export async function migrateDeployment(prepared: PreparedPlugs, database: CareDatabase, logger: Logger): Promise<DeploymentMigrationReport> {
  const { applied } = await migrateCore(database.db);
  if (applied.length) logger.info({ applied }, `applied core migrations: ${applied.join(", ")}`);
  const registry = await readRegistry(database);
  const plugs: PlugMigrationReport[] = [];
  for (const plug of prepared.plugs) {
    const chain = prepared.migrations.get(plug.id);
    if (!chain) continue;
    const recorded = registry.get(plug.id);
    // A restart finds most plugs current: that needs no transaction and no lock of its own (one
    // round trip each, ~2 ms a plug). Anything else is decided again under the plug's lock.
    const report =
      recorded?.version === plug.version
        ? { id: plug.id, plan: "current" as const, from: recorded.version, to: plug.version, ran: [], changedSinceRun: changedSteps(plug, chain, recorded.steps) }
        : await migratePlug(database, plug, chain, prepared.configs.get(plug.id)!.values, logger);
    if (report.changedSinceRun.length) {
      logger.warn({ plug: plug.id, steps: report.changedSinceRun }, `plug ${plug.id}: ${report.changedSinceRun.join(", ")} changed after it ran; released migrations must not be edited`);
    }
    plugs.push(report);
  }
  return { core: applied, plugs };
}

/** Every plug's installed version and recorded steps, in two queries. */
async function readRegistry(database: CareDatabase): Promise<Map<string, { version: string; steps: RecordedStep[] }>> {
  const registry = new Map<string, { version: string; steps: RecordedStep[] }>();
  for (const row of await database.db.selectFrom("care_system.plugs").select(["id", "version"]).execute()) {
    registry.set(row.id, { version: row.version, steps: [] });
  }
  for (const row of await database.db.selectFrom("care_system.plug_steps").select(["plug_id", "step", "checksum", "to_version"]).execute()) {
    registry.get(row.plug_id)?.steps.push(row);
  }
  return registry;
}

export interface PlugStatus {
  id: string;
  package: string;
  installed: string | undefined;
  bundled: string;
  /** What a migrate would run: "install.sql" or the upgrade steps; empty when current. */
  pending: string[];
}

/** Installed against bundled versions, and the steps a migrate would run; changes nothing. */
export async function deploymentStatus(prepared: PreparedPlugs, database: CareDatabase): Promise<PlugStatus[]> {
  const installed = new Map<string, string>();
  const registry = await database.db
    .selectFrom("care_system.plugs")
    .select(["id", "version"])
    .execute()
    .catch(() => []); // A database the core never started on has no registry yet.
  for (const row of registry) installed.set(row.id, row.version);
  return prepared.plugs.map((plug) => {
    const chain = prepared.migrations.get(plug.id);
    const current = installed.get(plug.id);
    let pending: string[] = [];
    if (chain) {
      const plan = planMigration(plug, chain, current);
      pending = plan.kind === "install" ? ["install.sql"] : plan.kind === "upgrade" ? plan.steps.map((step) => `upgrade/${step.name}`) : [];
    }
    return { id: plug.id, package: plug.packageName, installed: current, bundled: plug.version, pending };
  });
}
