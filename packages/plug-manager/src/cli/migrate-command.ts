import { backupBeforeChange, migrateDeployment } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { markDetachedAfterMigrate } from "./detached-plugs.js";
import { openDeployment, quietLogger } from "./deployment-runtime.js";
import { explainBackupError, sayMigrationPlan, sayRehearsal } from "./migrate-preview.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function migrateCommand(
  root: string,
  deployment: string,
  options: { plan?: boolean; rehearse?: boolean } = {},
): Promise<void> {
  if (options.plan && options.rehearse)
    throw new CareCliError("give --plan or --rehearse, not both; nothing was changed", { code: "invalid_arguments" });
  const opened = await openDeployment(root, deployment, "migrate");
  try {
    if (options.plan) return await sayMigrationPlan(opened);
    if (options.rehearse) return await sayRehearsal(opened);
    // The backup before change: refused (backup_unavailable) when none can be taken, and nothing migrates.
    const beforeChange = async () => {
      const taken = await backupBeforeChange(
        opened.database,
        { deployment, prepared: opened.prepared, settings: opened.settings.backups },
        quietLogger(),
      ).catch(explainBackupError);
      say(taken ? `backup: ${taken.file}` : "backup: none taken (CARE_MIGRATE_WITHOUT_BACKUP is set)");
      for (const file of taken?.pruned ?? []) say(`  removed the older backup ${file} (keeping ${opened.settings.backups.keep})`);
      if (taken?.pruneWarning) say(`  warning: ${taken.pruneWarning}`);
    };
    const report = await migrateDeployment(opened.prepared, opened.database, quietLogger(), { beforeChange });
    await markDetachedAfterMigrate(opened, deployment);
    say(report.core.length ? `core: applied ${report.core.join(", ")}` : "core: up to date");
    for (const plug of report.plugs) {
      const what =
        plug.plan === "current"
          ? `up to date at ${plug.to}`
          : plug.plan === "install"
            ? `installed ${plug.to}`
            : `upgraded ${plug.from} → ${plug.to}`;
      say(`plug ${plug.id}: ${what}${plug.ran.length ? ` (ran ${plug.ran.join(", ")})` : ""}`);
      for (const step of plug.changedSinceRun) say(`  warning: ${step} changed after it ran`);
    }
  } finally {
    await opened.close();
  }
}
