import { careCodeOf, hintOf, isBackupError, migrateDeployment, planDeploymentMigration, type PreparedPlugs } from "@care/runtime/tooling";
import type { CareDatabase } from "@care/core";
import { CareCliError } from "../cli-error.js";
import { quietLogger } from "./deployment-runtime.js";

const say = (line: string) => void process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

interface Opened {
  prepared: PreparedPlugs;
  database: CareDatabase;
}

/** `care migrate --plan`: what would run, core first, then each plug in start order; reads only. */
export async function sayMigrationPlan(opened: Opened): Promise<void> {
  const plan = await planDeploymentMigration(opened.prepared, opened.database).catch((error: Error) => {
    throw new CareCliError(`a migration would be refused: ${error.message}`, {
      code: careCodeOf(error) ?? "migration_refused",
      hint: hintOf(error),
      cause: error,
    });
  });
  say(`plan for ${opened.database.location} (nothing was changed):`);
  say(plan.core.length ? `core: ${plan.core.join(", ")}` : "core: up to date");
  for (const plug of plan.plugs) {
    if (plug.steps.length === 0) say(`plug ${plug.id}: up to date at ${plug.to}`);
    else say(`plug ${plug.id}: ${plug.from ? `upgrade ${plug.from} → ${plug.to}` : `install ${plug.to}`}: ${plug.steps.join(", ")}`);
  }
  const pending = plan.core.length > 0 || plan.plugs.some((plug) => plug.steps.length > 0);
  say(
    pending
      ? "rehearse it: care migrate --rehearse; run it: care migrate (or start the deployment), which backs up first"
      : "nothing to migrate",
  );
}

/** `care migrate --rehearse`: the real migration in one transaction, rolled back; timings and the first failure. */
export async function sayRehearsal(opened: Opened): Promise<void> {
  const report = await migrateDeployment(opened.prepared, opened.database, quietLogger(), { rehearse: true });
  say(`rehearsal on ${opened.database.location}: ran in one transaction, then rolled back; nothing was changed`);
  if (report.core.length) say(`core: ${report.core.join(", ")} (${ms(report.coreMs)})`);
  for (const plug of report.plugs) {
    if (plug.plan === "current") {
      say(`plug ${plug.id}: up to date at ${plug.to}`);
      continue;
    }
    say(`plug ${plug.id}: ${plug.plan === "install" ? `install ${plug.to}` : `upgrade ${plug.from} → ${plug.to}`}`);
    for (const timing of plug.timings) say(`  ${timing.step}: ${ms(timing.ms)}`);
  }
  const failure = report.failure;
  if (failure) {
    const where = [
      failure.plug && `plug ${failure.plug}`,
      failure.file && `file ${failure.file}`,
      failure.line !== undefined && `line ${failure.line}`,
    ]
      .filter(Boolean)
      .join(", ");
    // The step's own wording (its reason), without what this report already says: the plug, and that nothing changed.
    throw new CareCliError(`rehearsal failed${where ? ` at ${where}` : ""}: ${failure.reason}`, {
      code: failure.code,
      hint: "the database was not changed; fix the step in a new release of the plug (never edit a released one), then rehearse again",
    });
  }
  const total = report.coreMs + report.plugs.reduce((sum, plug) => sum + plug.timings.reduce((each, timing) => each + timing.ms, 0), 0);
  say(
    report.core.length || report.plugs.some((plug) => plug.ran.length)
      ? `rehearsal passed in ${ms(total)}; run it: care migrate (it backs up first)`
      : "nothing to migrate",
  );
}

/** A backup refusal as the CLI says it: its code, then what to do. */
export function explainBackupError(error: unknown): never {
  if (isBackupError(error)) throw new CareCliError(error.message, { code: error.code, cause: error });
  throw error;
}
