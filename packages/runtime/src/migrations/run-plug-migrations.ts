import type { CareDatabase } from "@care/core";
import { sql, type Transaction } from "kysely";
import type { Logger } from "pino";
import type { LoadedPlug } from "../plugs/loaded-plug.js";
import { describeStepFailure } from "./step-failure.js";
import { planMigration, PlugMigrationError, type PlugMigrations, type MigrationPlan } from "./plug-migrations.js";
import { coreTableNames, enterPlugRole, plugSchema } from "./plug-role.js";

export interface PlugMigrationReport {
  id: string;
  plan: MigrationPlan["kind"];
  from: string | undefined;
  to: string;
  ran: string[];
  /** Steps that ran before and whose file has changed since. */
  changedSinceRun: string[];
}

/**
 * Brings one plug's schema to its version in one transaction, as the plug's own role. Any
 * failure rolls everything back: the recorded version and the data stay exactly as they were.
 */
export async function migratePlug(
  database: CareDatabase,
  plug: LoadedPlug,
  migrations: PlugMigrations,
  config: Record<string, unknown>,
  logger: Logger,
): Promise<PlugMigrationReport> {
  return database.db.transaction().execute(async (tx) => {
    // Two instances starting at once: the second waits, then finds the plug current.
    await sql`select pg_advisory_xact_lock(hashtext(${`care_plug:${plug.id}`}))`.execute(tx);
    const installed = await tx.selectFrom("care_system.plugs").select(["version", "package"]).where("id", "=", plug.id).executeTakeFirst();
    const plan = planMigration(plug, migrations, installed?.version);
    const changedSinceRun =
      installed === undefined
        ? []
        : changedSteps(plug, migrations, await tx.selectFrom("care_system.plug_steps").select(["step", "checksum", "to_version"]).where("plug_id", "=", plug.id).execute());
    const report = { id: plug.id, plan: plan.kind, from: installed?.version, to: plug.version, ran: [] as string[], changedSinceRun };
    if (plan.kind === "current") return report;

    const coreTables = await coreTableNames(tx);
    const schema = plugSchema(plug.id);
    await enterPlugRole(tx, plug.id);

    const run = async (step: string, script: string | undefined, code?: () => Promise<void>) => {
      if (script !== undefined) refuseRoleSwitch(plug.id, step, script);
      try {
        if (script !== undefined) await database.runScript(tx, script);
        await code?.();
      } catch (error) {
        throw new PlugMigrationError(plug.id, describeStepFailure(plug.id, step, script, error, coreTables));
      }
      await assertStillPlugRole(tx, plug.id, step);
      report.ran.push(step);
    };
    if (plan.kind === "install") {
      await run("install.sql", plan.script.sql);
    } else {
      for (const step of plan.steps) {
        await run(`upgrade/${step.name}`, step.sql, step.code && (() => step.code!(tx.withSchema(schema), { id: plug.id, config, logger })));
      }
    }
    await sql`reset role`.execute(tx);
    await sql`set local search_path to default`.execute(tx);
    await record(tx, plug, plan);
    logger.info({ plug: plug.id, ran: report.ran }, `plug ${plug.id}: ${installed ? `upgraded ${installed.version} → ${plug.version}` : `installed ${plug.version}`}`);
    return report;
  });
}

/**
 * A script that switches roles would act with the app's rights. The database enforces the plug's
 * role on every statement; what it cannot stop is a script that leaves that role, so refuse those.
 */
const roleSwitch = /\b(?:reset\s+role|set\s+(?:(?:local|session)\s+)?role|set\s+(?:session\s+)?session\s+authorization|reset\s+session\s+authorization|reset\s+all|set_config\s*\(\s*'role')\b/i;

function refuseRoleSwitch(id: string, step: string, script: string): void {
  const match = roleSwitch.exec(script);
  if (!match) return;
  const line = script.slice(0, match.index).split("\n").length;
  throw new PlugMigrationError(id, `${step} switches the database role (line ${line}: "${match[0].replace(/\s+/g, " ")}"); plug migrations run as ${plugSchema(id)} and may not leave it. Nothing was changed`);
}

/** Catches a switch the text check could not see (dynamic SQL). */
async function assertStillPlugRole(tx: Transaction<any>, id: string, step: string): Promise<void> {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(tx);
  if (rows[0]?.role !== plugSchema(id)) {
    throw new PlugMigrationError(id, `${step} switched the database role to ${rows[0]?.role}; plug migrations must run as ${plugSchema(id)}. Nothing was changed`);
  }
}

async function record(tx: Transaction<any>, plug: LoadedPlug, plan: MigrationPlan): Promise<void> {
  if (plan.kind === "install") {
    await tx.insertInto("care_system.plugs").values({ id: plug.id, package: plug.packageName, version: plug.version }).execute();
    await tx
      .insertInto("care_system.plug_steps")
      .values({ plug_id: plug.id, step: "install.sql", from_version: null, to_version: plug.version, checksum: plan.script.checksum })
      .execute();
  } else if (plan.kind === "upgrade") {
    await tx
      .updateTable("care_system.plugs")
      .set({ version: plug.version, package: plug.packageName, upgraded_at: sql`now()` })
      .where("id", "=", plug.id)
      .execute();
    if (plan.steps.length === 0) return;
    await tx
      .insertInto("care_system.plug_steps")
      .values(plan.steps.map((step) => ({ plug_id: plug.id, step: `upgrade/${step.name}`, from_version: step.from, to_version: step.to, checksum: step.checksum })))
      .execute();
  }
}

/** A step as `care_system.plug_steps` records it. */
export interface RecordedStep {
  step: string;
  checksum: string;
  to_version: string;
}

/** Steps recorded as run whose content differs now: someone edited a released migration. */
export function changedSteps(plug: LoadedPlug, migrations: PlugMigrations, ran: readonly RecordedStep[]): string[] {
  const current = new Map<string, string>(migrations.steps.map((step) => [`upgrade/${step.name}`, step.checksum]));
  // install.sql describes the newest schema, so it legitimately changes between versions.
  if (migrations.install) current.set("install.sql", migrations.install.checksum);
  return ran
    .filter((row) => (row.step !== "install.sql" || row.to_version === plug.version) && current.has(row.step) && current.get(row.step) !== row.checksum)
    .map((row) => row.step);
}
