import {
  appliedCoreMigrations,
  applyCoreMigrations,
  isDatabaseUnavailable,
  lockDeploymentSchema,
  pendingCoreMigrations,
  type CareDatabase,
} from "@care/core";
import type { Transaction } from "kysely";
import type { Logger } from "pino";
import { underSchemaLock } from "../backups/schema-lock.js";
import type { PreparedPlugs } from "../plugs/prepare.js";
import { deploymentStatus } from "./deployment-status.js";
import { coreTableNames } from "./plug-role.js";
import { readRegistry } from "./registry.js";
import { PlugMigrationError } from "./plug-migrations.js";
import { careCodeOf } from "../errors/coded-error.js";
import { changedSteps, migratePlug, PlugStepError, type PlugMigrationReport } from "./run-plug-migrations.js";

export interface DeploymentMigrationReport {
  core: string[];
  /** How long the core's migrations took together, in milliseconds (0 when none ran). */
  coreMs: number;
  plugs: PlugMigrationReport[];
  /** Set by a rehearsal: everything ran and was rolled back; on a failure, what ran before it. */
  rehearsed?: boolean;
  /** A rehearsal's first failure, with where it is. */
  failure?: MigrationFailure;
}

export interface MigrationFailure {
  plug: string | undefined;
  step: string | undefined;
  /** The failing file, relative to the plug's folder (e.g. migrations/upgrade/1.0.0_1.1.0.sql). */
  file: string | undefined;
  line: number | undefined;
  message: string;
  /** Its code (docs/errors.md): plug_step_failed, plug_step_refused, plug_downgrade_refused... */
  code: string;
  /** What failed, without naming the plug or saying that nothing changed (the report says those). */
  reason: string;
}

export interface MigrateOptions {
  /**
   * Runs the whole migration as a start would, then rolls it back, whatever happened: nothing is
   * recorded and no backup is taken. The report then holds the timings and the first failure.
   */
  rehearse?: boolean;
  /**
   * Runs before the migration transaction when something is pending on a database a deployment has
   * run on before (a new, empty database has nothing to lose): the backup before change. A throw stops the migration.
   */
  beforeChange?: () => Promise<void>;
}

/** Thrown inside the transaction to roll a rehearsal back, carrying its report out. */
class RolledBack extends Error {
  constructor(readonly report: DeploymentMigrationReport) {
    super("rehearsal rolled back");
  }
}

/**
 * Core migrations, then each plug's in start order, all in one transaction under one lock: what
 * `care migrate`, `care migrate --rehearse` and every start run. Any failure leaves the database
 * exactly as it was, so the bundle that ran before still starts on it. A database that is already
 * current takes no lock.
 */
export async function migrateDeployment(
  prepared: PreparedPlugs,
  database: CareDatabase,
  logger: Logger,
  options: MigrateOptions = {},
): Promise<DeploymentMigrationReport> {
  const current = await currentReport(prepared, database);
  if (current) {
    if (!options.rehearse) logReport(current, logger);
    return { ...current, ...(options.rehearse && { rehearsed: true }) };
  }
  if (options.rehearse) return rehearse(prepared, database, logger);
  const beforeChange = options.beforeChange;
  if (beforeChange) {
    // Under the schema lock: another instance that migrated meanwhile leaves nothing to back up.
    await underSchemaLock(database, async () => {
      if (!(await currentReport(prepared, database)) && (await appliedCoreMigrations(database.db)).length > 0) await beforeChange();
    });
  }
  const report = await database.db
    .transaction()
    .execute((tx) => migrateIn(tx, prepared, database, logger, { core: [], coreMs: 0, plugs: [] }));
  logReport(report, logger);
  return report;
}

/** The migration in `tx`, filling in `report` as it goes (a rehearsal reports what ran before a failure). */
async function migrateIn(
  tx: Transaction<any>,
  prepared: PreparedPlugs,
  database: CareDatabase,
  logger: Logger,
  report: DeploymentMigrationReport,
): Promise<DeploymentMigrationReport> {
  // Two instances starting at once: the second waits here, then finds everything current.
  await lockDeploymentSchema(tx);
  const coreStarted = performance.now();
  report.core = (await applyCoreMigrations(tx)).applied;
  report.coreMs = report.core.length ? performance.now() - coreStarted : 0;
  const registry = await readRegistry(tx);
  const context = { database, logger, coreTables: await coreTableNames(tx) };
  for (const plug of prepared.plugs) {
    const chain = prepared.migrations.get(plug.id);
    if (!chain) continue;
    report.plugs.push(
      await migratePlug(tx, plug, chain, registry.get(plug.id), { ...context, config: prepared.configs.get(plug.id)!.values }),
    );
  }
  return report;
}

/** The whole migration in one transaction that is always rolled back; the same code as a real one. */
async function rehearse(prepared: PreparedPlugs, database: CareDatabase, logger: Logger): Promise<DeploymentMigrationReport> {
  const report: DeploymentMigrationReport = { core: [], coreMs: 0, plugs: [], rehearsed: true };
  try {
    await database.db.transaction().execute(async (tx) => {
      throw new RolledBack(await migrateIn(tx, prepared, database, logger, report));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.report;
    if (error instanceof PlugStepError) {
      report.plugs.push(error.partial);
      report.failure = {
        plug: error.plugId,
        step: error.step,
        file: error.file,
        line: error.line,
        message: error.message,
        code: error.code,
        reason: error.failed,
      };
    } else {
      const plug = error instanceof PlugMigrationError ? error.plugId : undefined;
      const [code, reason] =
        error instanceof PlugMigrationError
          ? [error.code, error.reason]
          : [careCodeOf(error) ?? "migration_failed", (error as Error).message];
      report.failure = { plug, step: undefined, file: undefined, line: undefined, message: (error as Error).message, code, reason };
    }
  }
  return report;
}

/** What would run, per plug in start order, without a lock or a write; throws what a migration would refuse. */
export async function planDeploymentMigration(
  prepared: PreparedPlugs,
  database: CareDatabase,
): Promise<{ core: string[]; plugs: PlugPlan[] }> {
  const core = pendingCoreMigrations(await appliedCoreMigrations(database.db)).map(([name]) => name);
  const rows = await deploymentStatus(prepared, database);
  const plugs = rows.flatMap((row): PlugPlan[] =>
    prepared.migrations.has(row.id) ? [{ id: row.id, from: row.installed, to: row.bundled, steps: row.pending }] : [],
  );
  return { core, plugs };
}

export interface PlugPlan {
  id: string;
  /** The version the database records, or undefined when the plug is not installed. */
  from: string | undefined;
  to: string;
  /** "install.sql" or the upgrade steps, in order; empty when current. */
  steps: string[];
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
    plugs.push({
      id: plug.id,
      plan: "current",
      from: recorded.version,
      to: plug.version,
      ran: [],
      changedSinceRun: changedSteps(plug, chain, recorded.steps),
      timings: [],
    });
  }
  return { core: [], coreMs: 0, plugs };
}

/**
 * Why this bundle's schema is not what the database holds, or undefined when it is: `/health/ready`
 * asks, so a load balancer stops sending traffic to an instance another one migrated past it.
 */
export async function pendingMigrationReason(prepared: PreparedPlugs, database: CareDatabase): Promise<string | undefined> {
  try {
    const pending = pendingCoreMigrations(await appliedCoreMigrations(database.db));
    if (pending.length > 0)
      return `migrations_not_current: core migrations ${pending.map(([name]) => name).join(", ")} have not run; restart to run them`;
    const registry = await readRegistry(database.db);
    for (const plug of prepared.plugs) {
      if (!prepared.migrations.has(plug.id)) continue;
      const recorded = registry.get(plug.id)?.version;
      if (recorded === plug.version) continue;
      const advice = recorded ? "another instance runs a different bundle: run one bundle everywhere" : "restart to install it";
      return (
        `migrations_not_current: plug ${plug.id} is ${recorded ? `at ${recorded}` : "not installed"} in the database, ` +
        `and this bundle has ${plug.version}; ${advice}`
      );
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
      logger.warn(
        { plug: plug.id, steps: plug.changedSinceRun },
        `plug ${plug.id}: ${plug.changedSinceRun.join(", ")} changed after it ran; released migrations must not be edited`,
      );
    }
  }
}
