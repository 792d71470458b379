import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { coreVersion } from "@care/core";
import { checkPlugs, PlugCheckError, readPlugMigrations, resolveConfigs, type LoadedPlug } from "@care/runtime";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { loadDeploymentConfig } from "../sync/load-config.js";
import { asManifestPlugs, loadInstalledPlugs } from "../sync/installed-plugs.js";
import { resolvePlugSource, type PlugSource } from "../sync/plug-source.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { CareCliError, isCareCliError } from "../cli-error.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { sharedPackageProblems, sourceChangeProblem } from "../sync/plug-identity.js";
import { checkPlugsBeforeImport } from "../sync/trust-before-import.js";
import { checkInstallMatchesChain, checkUpgradeStepForChangedInstall, openMigrationCheckDatabase } from "./migration-drift.js";
import { lastReleasedInstall, readReleaseTags } from "./last-release.js";

export interface CheckReport {
  problems: string[];
  /** What could not be checked here, e.g. a secret whose variable this environment lacks. */
  notes: string[];
}

/**
 * Everything knowable before start, all problems in one run: config against package.json, plug
 * packages, ids, core ranges, dependencies, cycles, config values, migration chains, and that
 * install.sql builds what the oldest install plus the chain builds, and that a workspace plug whose
 * install.sql changed since its last release (its git tag) has an upgrade step from that release.
 */
export async function checkDeployment(root: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<CheckReport> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths)) throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, { hint: `create it with: pnpm care deployment new ${name}` });
  const problems: string[] = [];
  const notes: string[] = [];
  const config = await loadDeploymentConfig(paths.config);

  const dependencies = (JSON.parse(await readFile(paths.packageJson, "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
  const workspace = await workspacePackages(root);
  const sources = new Map<string, PlugSource>();
  for (const entry of config.plugs) {
    try {
      const source = await resolvePlugSource(entry, paths.dir, workspace);
      sources.set(entry.name, source);
      if (!dependencies[source.packageName]) {
        problems.push(`plug ${entry.name}: ${source.packageName} is in plug.config.ts but not in ${paths.packageJson}; run \`pnpm care sync -d ${name}\``);
      }
    } catch (error) {
      // A coded refusal reads as the CLI prints it ([code] message, hint), named once by its plug.
      const text = isCareCliError(error) ? error.describe() : (error as Error).message;
      problems.push(text.startsWith(`plug ${entry.name}`) || text.startsWith(`[`) && text.includes(`plug ${entry.name}:`) ? text : `plug ${entry.name}: ${text}`);
    }
  }
  // Identity and trust from the files only; a refused plug's code is not imported.
  const previous = (await readPlugsLock(paths.lockfile))?.plugs ?? [];
  const refused = [
    ...sharedPackageProblems(name, sources),
    ...[...sources].flatMap(([id, source]) => sourceChangeProblem(name, previous.find((line) => line.id === id), source, []) ?? []),
  ];
  const checked = await checkPlugsBeforeImport({ deployment: name, deploymentDir: paths.dir, config, sources, previous, allowSourceChange: [] });
  refused.push(...checked.problems);
  problems.push(...refused.map((problem) => problem.describe()));
  const installed = await loadInstalledPlugs(paths.dir, { ...config, plugs: config.plugs.filter((entry) => !checked.refusedIds.has(entry.name)) }, sources);
  problems.push(...installed.problems);

  let loaded: LoadedPlug[] = [];
  try {
    loaded = checkPlugs({ deployment: name, plugs: asManifestPlugs(installed.plugs, config) }, coreVersion);
  } catch (error) {
    if (!(error instanceof PlugCheckError)) throw error;
    problems.push(...error.problems);
  }

  // Secrets come from the environment at run time: where this one lacks them, only note it.
  const { problems: configProblems } = await resolveConfigs(loaded, env);
  for (const problem of configProblems) (/\(set environment variable \w+\)$/.test(problem) ? notes : problems).push(problem);

  const database = loaded.some((plug) => plug.definition.migrations) ? await openMigrationCheckDatabase() : undefined;
  const releaseTags = loaded.some((plug) => sources.get(plug.id)?.kind === "workspace") ? await readReleaseTags(root) : undefined;
  try {
    for (const plug of loaded) {
      if (!plug.definition.migrations) continue;
      try {
        await readPlugMigrations(plug);
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      const drift = await checkInstallMatchesChain(plug, { database });
      if (!drift.ok) problems.push(drift.summary);
      const local = workspace.get(sources.get(plug.id)?.packageName ?? "");
      const released = sources.get(plug.id)?.kind === "workspace" && local && releaseTags ? await lastReleasedInstall(root, releaseTags, local.dir, local.name, plug.version) : undefined;
      if (released) {
        const changed = await checkUpgradeStepForChangedInstall(plug, released);
        // The chain check needs the oldest release's install script; the first step is when it starts.
        const baselines = await readdir(join(local!.dir, "migrations", "baseline")).catch(() => [] as string[]);
        const baseline = baselines.some((name) => name.endsWith(".sql"))
          ? ""
          : `; keep what ${released.version} installed as migrations/baseline/${released.version}.sql (git show ${released.tag}:./${relative(root, local!.dir)}/migrations/install.sql)`;
        if (!changed.ok) problems.push(`${changed.summary}${baseline}`);
      }
    }
  } finally {
    await database?.close();
  }
  return { problems, notes };
}
