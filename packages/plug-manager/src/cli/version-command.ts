import { join } from "node:path";
import { renameNextStep } from "../check/migration-drift.js";
import { runCommand } from "../workspace/run-command.js";
import { workspacePackages } from "../workspace/workspace-packages.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `pnpm changeset version`, then each plug's `upgrade/<old>_next.sql` gets the plug's new version:
 * the step written before the release knew its number.
 */
export async function versionCommand(root: string): Promise<void> {
  await runCommand("pnpm", ["exec", "changeset", "version"], { cwd: root, onLine: (line) => say(`  changeset │ ${line}`) });
  for (const plug of (await workspacePackages(root)).values()) {
    if (!plug.isPlug) continue;
    const renamed = await renameNextStep(join(plug.dir, "migrations"), plug.version);
    if (renamed) say(`${plug.name}: ${renamed.from} → ${renamed.to}`);
  }
}
