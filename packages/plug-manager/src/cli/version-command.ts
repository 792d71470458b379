import { join } from "node:path";
import { renameNextStep } from "../check/migration-drift.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { syncDeployment } from "../sync/sync-deployment.js";
import { deploymentPaths } from "../workspace/deployment-paths.js";
import { runCommand } from "../workspace/run-command.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { allDeployments } from "./all-deployments.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `pnpm changeset version`, then, for each plug it gave a new version, `upgrade/<old>_next.sql` gets
 * that version (the step written before the release knew its number), and every deployment that
 * runs a workspace package it versioned is synced again: its plugs are rebuilt at the new version
 * and plugs.lock.json and src/plugs.generated.ts follow, so `care check`, `care migrate` and a
 * bundle see the version package.json says, with no `care sync` to remember.
 */
export async function versionCommand(root: string): Promise<void> {
  const before = await workspacePackages(root);
  await runCommand("pnpm", ["exec", "changeset", "version"], { cwd: root, onLine: (line) => say(`  changeset │ ${line}`) });
  const after = await workspacePackages(root);
  const versioned = [...after.values()].filter((pkg) => before.get(pkg.name)?.version !== pkg.version);
  if (versioned.length === 0) {
    say("no pending changesets: nothing was versioned");
    return;
  }
  for (const pkg of versioned) say(`${pkg.name}: ${before.get(pkg.name)?.version ?? "(new)"} → ${pkg.version}`);
  for (const plug of versioned.filter((pkg) => pkg.isPlug)) {
    const renamed = await renameNextStep(join(plug.dir, "migrations"), plug.version);
    if (renamed) say(`${plug.name}: ${renamed.from} → ${renamed.to}`);
  }
  const names = new Set(versioned.map((pkg) => pkg.name));
  for (const deployment of await allDeployments(root)) {
    const lock = await readPlugsLock(deploymentPaths(root, deployment).lockfile);
    const affected = (lock?.plugs ?? []).filter((line) => line.source === "workspace" && names.has(line.package));
    if (affected.length === 0) continue;
    say(`▸ sync ${deployment} (it runs ${affected.map((line) => line.package).join(", ")})`);
    await syncDeployment({ root, deployment, log: say });
  }
}
