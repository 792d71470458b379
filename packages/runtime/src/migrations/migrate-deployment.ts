import {
  appliedCoreMigrations,
  applyCoreMigrations,
  isDatabaseUnavailable,
  lockDeploymentSchema,
  pendingCoreMigrations,
  type CareDatabase,
} from "@care/core";
import type { Logger } from "pino";
import type { PreparedPlugs } from "../plugs/prepare.js";
import { coreTableNames } from "./plug-role.js";
import { readRegistry } from "./registry.js";
import { changedSteps, migratePlug, type PlugMigrationReport } from "./run-plug-migrations.js";

export interface DeploymentMigrationReport {
  core: string[];
  plugs: PlugMigrationReport[];
}

/**
 * Core migrations, then each plug's in start order, all in one transaction under one lock: what
 * `care migrate` and every start run. Any failure leaves the database exactly as it was, so the
 * bundle that ran before still starts on it. A database that is already current takes no lock.
 */
export async function migrateDeployment(prepared: PreparedPlugs, database: CareDatabase, logger: Logger): Promise<DeploymentMigrationReport> {
  const current = await currentReport(prepared, database);
  const report =
    current ??
    (await database.db.transaction().execute(async (tx) => {
      // Two instances starting at once: the second waits here, then finds everything current.
      await lockDeploymentSchema(tx);
      const { applied } = await applyCoreMigrations(tx);
      const registry = await readRegistry(tx);
      const context = { database, logger, coreTables: await coreTableNames(tx) };
      const plugs: PlugMigrationReport[] = [];
      for (const plug of prepared.plugs) {
        const chain = prepared.migrations.get(plug.id);
        if (!chain) continue;
        plugs.push(await migratePlug(tx, plug, chain, registry.get(plug.id), { ...context, config: prepared.configs.get(plug.id)!.values }));
      }
      return { core: applied, plugs };
    }));
  logReport(report, logger);
  return report;
}

/** The report of a migration with nothing to do, or undefined when something is pending. */
async function currentReport(prepared: PreparedPlugs, database: CareDatabase): Promise<DeploymentMigrationReport | undefined> {
  // Refuses a database a newer core migrated, whether or not anything else is pending.
  if (pendingCoreMigrations(await appliedCoreMigrations(database.db)).length > 0) return undefined;
  const registry = await readRegistry(database.db);
  const plugs: PlugMigrationReport[] = [];
  for (const plug of prepared.plugs) {
    const chain = prepared.migrations.get(plug.id);
    if (!chain) continue;
    const recorded = registry.get(plug.id);
    if (recorded?.version !== plug.version) return undefined;
    plugs.push({ id: plug.id, plan: "current", from: recorded.version, to: plug.version, ran: [], changedSinceRun: changedSteps(plug, chain, recorded.steps) });
  }
  return { core: [], plugs };
}

/**
 * Why this bundle's schema is not what the database holds, or undefined when it is: `/health/ready`
 * asks, so a load balancer stops sending traffic to an instance another one migrated past it.
 */
export async function pendingMigrationReason(prepared: PreparedPlugs, database: CareDatabase): Promise<string | undefined> {
  try {
    const pending = pendingCoreMigrations(await appliedCoreMigrations(database.db));
    if (pending.length > 0) return `migrations_not_current: core migrations ${pending.map(([name]) => name).join(", ")} have not run; restart to run them`;
    const registry = await readRegistry(database.db);
    for (const plug of prepared.plugs) {
      if (!prepared.migrations.has(plug.id)) continue;
      const recorded = registry.get(plug.id)?.version;
      if (recorded === plug.version) continue;
      return `migrations_not_current: plug ${plug.id} is ${recorded ? `at ${recorded}` : "not installed"} in the database, and this bundle has ${plug.version}; ${
        recorded ? "another instance runs a different bundle: run one bundle everywhere" : "restart to install it"
      }`;
    }
    return undefined;
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    return `migrations_not_current: ${(error as Error).message}`;
  }
}

/** Said only once the transaction committed: a rolled-back step installed nothing. */
function logReport(report: DeploymentMigrationReport, logger: Logger): void {
  if (report.core.length) logger.info({ applied: report.core }, `applied core migrations: ${report.core.join(", ")}`);
  for (const plug of report.plugs) {
    if (plug.plan === "install") logger.info({ plug: plug.id, ran: plug.ran }, `plug ${plug.id}: installed ${plug.to}`);
    if (plug.plan === "upgrade") logger.info({ plug: plug.id, ran: plug.ran }, `plug ${plug.id}: upgraded ${plug.from} → ${plug.to}`);
    if (plug.changedSinceRun.length) {
      logger.warn({ plug: plug.id, steps: plug.changedSinceRun }, `plug ${plug.id}: ${plug.changedSinceRun.join(", ")} changed after it ran; released migrations must not be edited`);
    }
  }
}
