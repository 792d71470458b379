import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { coreVersion } from "@care/core";
import { careCodeOf, checkPlugs, PlugCheckError, problem, readPlugMigrations, resolveConfigs, type LoadedPlug, type Problem } from "@care/runtime";
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
import { openScratchDatabase, tablesProblem } from "../types/index.js";

export interface CheckReport {
  problems: Problem[];
  /** What could not be checked here, e.g. a secret whose variable this environment lacks (code `config_env_missing`). */
  notes: Problem[];
}

/** Problems whose cause is outside this environment's reach: what start would refuse, but check can only note. */
const noteCodes = new Set(["config_env_missing"]);

/**
 * Everything knowable before start, all problems in one run: config against package.json, plug
 * packages, ids, core ranges, dependencies, cycles, config values, migration chains, and that
 * install.sql builds what the oldest install plus the chain builds, and that a workspace plug whose
 * install.sql changed since its last release (its git tag) has an upgrade step from that release.
 */
export async function checkDeployment(root: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<CheckReport> {
  const paths = deploymentPaths(root, name);
  if (!deploymentExists(paths)) throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, { code: "deployment_missing", hint: `create it with: pnpm care deployment new ${name}` });
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  const config = await loadDeploymentConfig(paths.config);

  const dependencies = (JSON.parse(await readFile(paths.packageJson, "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
  const workspace = await workspacePackages(root);
  const sources = new Map<string, PlugSource>();
  for (const entry of config.plugs) {
    try {
      const source = await resolvePlugSource(entry, paths.dir, workspace);
      sources.set(entry.name, source);
      if (!dependencies[source.packageName]) {
        problems.push(
          problem("plug_not_in_package_json", `plug ${entry.name}: ${source.packageName} is in plug.config.ts but not in ${paths.packageJson}`, {
            plug: entry.name,
            hint: `run \`pnpm care sync -d ${name}\``,
          }),
        );
      }
    } catch (error) {
      problems.push(asProblem(error, entry.name, "plug_source_invalid"));
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
  problems.push(...refused.map((error) => asProblem(error, undefined, "plug_refused")));
  const installed = await loadInstalledPlugs(paths.dir, { ...config, plugs: config.plugs.filter((entry) => !checked.refusedIds.has(entry.name)) }, sources);
  problems.push(...installed.problems.map((text) => problem("plug_not_loadable", text)));

  let loaded: LoadedPlug[] = [];
  try {
    loaded = checkPlugs({ deployment: name, plugs: asManifestPlugs(installed.plugs, config) }, coreVersion);
  } catch (error) {
    if (!(error instanceof PlugCheckError)) throw error;
    problems.push(...error.found);
  }

  // Secrets come from the environment at run time: where this one lacks them, only note it.
  const { problems: configProblems } = await resolveConfigs(loaded, env);
  for (const found of configProblems) (noteCodes.has(found.code) ? notes : problems).push(found);

  const database = loaded.some((plug) => plug.definition.migrations) ? await openMigrationCheckDatabase() : undefined;
  // Started only when a tables file has to be generated afresh (its install.sql changed).
  const tablesDatabase = openScratchDatabase();
  const releaseTags = loaded.some((plug) => sources.get(plug.id)?.kind === "workspace") ? await readReleaseTags(root) : undefined;
  try {
    for (const plug of loaded) {
      // A workspace plug's src/tables.generated.ts must be what its install.sql generates (cached by content).
      const own = sources.get(plug.id)?.kind === "workspace" ? workspace.get(sources.get(plug.id)!.packageName) : undefined;
      const tables = own && (await tablesProblem(own.dir, tablesDatabase));
      if (tables) problems.push(asProblem(tables, plug.id, "plug_tables_stale"));
      if (!plug.definition.migrations) continue;
      try {
        await readPlugMigrations(plug);
      } catch (error) {
        problems.push(asProblem(error, plug.id, "plug_migrations_invalid"));
        continue;
      }
      const drift = await checkInstallMatchesChain(plug, { database });
      if (!drift.ok) problems.push(problem("plug_install_drift", drift.summary, { plug: plug.id }));
      const local = workspace.get(sources.get(plug.id)?.packageName ?? "");
      const released = sources.get(plug.id)?.kind === "workspace" && local && releaseTags ? await lastReleasedInstall(root, releaseTags, local.dir, local.name, plug.version) : undefined;
      if (released) {
        const changed = await checkUpgradeStepForChangedInstall(plug, released);
        // The chain check needs the oldest release's install script; the first step is when it starts.
        const baselines = await readdir(join(local!.dir, "migrations", "baseline")).catch(() => [] as string[]);
        const baseline = baselines.some((name) => name.endsWith(".sql"))
          ? ""
          : `; keep what ${released.version} installed as migrations/baseline/${released.version}.sql (git show ${released.tag}:./${relative(root, local!.dir)}/migrations/install.sql)`;
        if (!changed.ok) problems.push(problem("plug_upgrade_step_missing", `${changed.summary}${baseline}`, { plug: plug.id }));
      }
    }
  } finally {
    await database?.close();
    await tablesDatabase.close();
  }
  return { problems, notes };
}

/** A thrown refusal as a problem: its own code and hint, named by its plug once (when its message does not already). */
function asProblem(error: unknown, plug: string | undefined, fallbackCode: string): Problem {
  const message = (error as Error).message;
  const named = plug === undefined || message.startsWith(`plug ${plug}`) || message.includes(`plug ${plug}:`) ? message : `plug ${plug}: ${message}`;
  return problem(careCodeOf(error) ?? fallbackCode, named, { ...(plug && { plug }), ...(isCareCliError(error) && error.hint && { hint: error.hint }) });
}
