import type { CareDatabase } from "@care/core";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Logger } from "pino";
import type { LoadedPlug } from "../plugs/loaded-plug.js";
import { refuseUncoveredInstallChange } from "./install-shape.js";
import { runPlugStep, StepFailure, type PlugStepToRun } from "./run-plug-step.js";
import { describeStepFailure } from "./step-failure.js";
import { planMigration, PlugMigrationError, type PlugMigrations, type MigrationPlan } from "./plug-migrations.js";
import { enterPlugRole, leavePlugRole } from "./plug-role.js";
import type { RecordedPlug, RecordedStep } from "./registry.js";

export interface PlugMigrationReport {
  id: string;
  plan: MigrationPlan["kind"];
  from: string | undefined;
  to: string;
  ran: string[];
  /** Steps that ran before and whose file has changed since. */
  changedSinceRun: string[];
  /** How long each step that ran took, in milliseconds: what `care migrate --rehearse` reports. */
  timings: Array<{ step: string; ms: number }>;
}

/** A step that failed, with where: the plug, its file (relative to the plug's folder) and the line when the database said. */
export class PlugStepError extends PlugMigrationError {
  constructor(
    plugId: string,
    message: string,
    readonly step: string,
    readonly file: string,
    readonly line: number | undefined,
    /** What the plug ran before this step, with its timings: a rehearsal reports them. */
    readonly partial: PlugMigrationReport,
    code = "plug_step_failed",
    /** What failed, without "Nothing was changed" and without naming the plug first: a rehearsal says those itself. */
    readonly failed: string = message,
  ) {
    super(plugId, message, code);
  }
}

export interface PlugMigrationContext {
  database: CareDatabase;
  config: Record<string, unknown>;
  logger: Logger;
  /** Core table names, to tell "tried to change a core table" from other refusals. */
  coreTables: Set<string>;
}

/**
 * Brings one plug's schema to its version inside the deployment's migration transaction, as the
 * plug's own role. A failure throws, and the caller's transaction takes everything back with it.
 */
export async function migratePlug(
  tx: Transaction<any>,
  plug: LoadedPlug,
  migrations: PlugMigrations,
  installed: RecordedPlug | undefined,
  context: PlugMigrationContext,
): Promise<PlugMigrationReport> {
  const plan = planMigration(plug, migrations, installed?.version);
  const changedSinceRun = installed ? changedSteps(plug, migrations, installed.steps) : [];
  const report: PlugMigrationReport = {
    id: plug.id,
    plan: plan.kind,
    from: installed?.version,
    to: plug.version,
    ran: [],
    changedSinceRun,
    timings: [],
  };
  if (plan.kind === "current") return report;
  if (plan.kind === "upgrade") refuseUncoveredInstallChange(plug, migrations, plan, installed!);

  await enterPlugRole(tx, plug.id, plug.block.coreReads);
  const run = async (step: PlugStepToRun) => {
    const started = performance.now();
    try {
      await runPlugStep(tx, context.database, plug.id, step);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      const { what, closing } = error.refused
        ? { what: error.message, closing: "Nothing was changed" }
        : describeStepFailure(plug.id, step.name, error.reason, error.line, context.coreTables);
      const message = `${what}. ${closing}`;
      throw new PlugStepError(plug.id, message, step.name, stepFile(step, error.line), error.line, report, error.code, what);
    }
    report.ran.push(step.name);
    report.timings.push({ step: step.name, ms: performance.now() - started });
  };
  if (plan.kind === "install") {
    await run({ name: "install.sql", sql: plan.script.sql });
  } else {
    for (const step of plan.steps) {
      const code = step.code && ((db: Kysely<any>) => step.code!(db, { id: plug.id, config: context.config, logger: context.logger }));
      await run({ name: `upgrade/${step.name}`, sql: step.sql, code });
    }
  }
  await leavePlugRole(tx);
  await record(tx, plug, migrations, plan);
  return report;
}

async function record(tx: Transaction<any>, plug: LoadedPlug, migrations: PlugMigrations, plan: MigrationPlan): Promise<void> {
  // What the schema now matches, whichever way it got there: a fresh install of this install.sql.
  const source = { install_shape: migrations.install?.shape ?? null, development: migrations.unreleased };
  if (plan.kind === "install") {
    await tx
      .insertInto("care_system.plugs")
      .values({ id: plug.id, package: plug.packageName, version: plug.version, ...source })
      .execute();
    await tx
      .insertInto("care_system.plug_steps")
      .values({ plug_id: plug.id, step: "install.sql", from_version: null, to_version: plug.version, checksum: plan.script.checksum })
      .execute();
  } else if (plan.kind === "upgrade") {
    await tx
      .updateTable("care_system.plugs")
      .set({ version: plug.version, package: plug.packageName, upgraded_at: sql`now()`, ...source })
      .where("id", "=", plug.id)
      .execute();
    if (plan.steps.length === 0) return;
    await tx
      .insertInto("care_system.plug_steps")
      .values(
        plan.steps.map((step) => ({
          plug_id: plug.id,
          step: `upgrade/${step.name}`,
          from_version: step.from,
          to_version: step.to,
          checksum: step.checksum,
        })),
      )
      .execute();
  }
}

/** The file a failure is in: the step's SQL file, unless only its TypeScript could have failed. */
function stepFile(step: PlugStepToRun, line: number | undefined): string {
  const sqlFile = step.name === "install.sql" ? "migrations/install.sql" : `migrations/${step.name}.sql`;
  if (step.sql !== undefined && (line !== undefined || !step.code)) return sqlFile;
  return `the plug's upgrades["${step.name.replace(/^upgrade\//, "")}"] (TypeScript)`;
}

/** Steps recorded as run whose content differs now: someone edited a released migration. */
export function changedSteps(plug: LoadedPlug, migrations: PlugMigrations, ran: readonly RecordedStep[]): string[] {
  const current = new Map<string, string>(migrations.steps.map((step) => [`upgrade/${step.name}`, step.checksum]));
  // install.sql describes the newest schema, so it legitimately changes between versions.
  if (migrations.install) current.set("install.sql", migrations.install.checksum);
  return ran
    .filter(
      (row) =>
        (row.step !== "install.sql" || row.to_version === plug.version) && current.has(row.step) && current.get(row.step) !== row.checksum,
    )
    .map((row) => row.step);
}
