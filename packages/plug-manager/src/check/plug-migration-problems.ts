import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { problem, readPlugMigrations, type LoadedPlug, type Problem } from "@care/runtime/tooling";
import { asProblem } from "./as-problem.js";
import type { ReleasedInstall } from "./last-release.js";
import { checkInstallMatchesChain, checkUpgradeStepForChangedInstall, type MigrationCheckDatabase } from "./migration-drift.js";

/** A workspace plug's folder and its last release's install.sql (from git), when it has one. */
export interface PlugRelease {
  dir: string;
  released: ReleasedInstall;
}

/**
 * One plug's migration problems: its migrations folder reads as a chain, install.sql builds what
 * the oldest install plus the chain builds, and (for a workspace plug with a release) a changed
 * install.sql has an upgrade step from that release.
 */
export async function plugMigrationProblems(
  root: string,
  plug: LoadedPlug,
  release: PlugRelease | undefined,
  database: MigrationCheckDatabase | undefined,
): Promise<Problem[]> {
  try {
    await readPlugMigrations(plug);
  } catch (error) {
    return [asProblem(error, plug.id, "plug_migrations_invalid")];
  }
  const problems: Problem[] = [];
  const drift = await checkInstallMatchesChain(plug, { database });
  if (!drift.ok) problems.push(problem("plug_install_drift", drift.summary, { plug: plug.id }));
  if (release) {
    const { dir, released } = release;
    const changed = await checkUpgradeStepForChangedInstall(plug, released);
    // The chain check needs the oldest release's install script; the first step is when it starts.
    const baselines = await readdir(join(dir, "migrations", "baseline")).catch(() => [] as string[]);
    const baseline = baselines.some((name) => name.endsWith(".sql"))
      ? ""
      : `; keep what ${released.version} installed as migrations/baseline/${released.version}.sql ` +
        `(git show ${released.tag}:./${relative(root, dir)}/migrations/install.sql)`;
    if (!changed.ok) problems.push(problem("plug_upgrade_step_missing", `${changed.summary}${baseline}`, { plug: plug.id }));
  }
  return problems;
}
