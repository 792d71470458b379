import { readFile } from "node:fs/promises";
import { coreVersion } from "@care/core";
import { checkPlugs, PlugCheckError, problem, resolveConfigs, type LoadedPlug, type Problem } from "@care/runtime/tooling";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { loadDeploymentConfig } from "../sync/load-config.js";
import { asManifestPlugs, loadInstalledPlugs } from "../sync/installed-plugs.js";
import { resolvePlugSource, type PlugSource } from "../sync/plug-source.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { CareCliError } from "../cli-error.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { sharedPackageProblems, sourceChangeProblem } from "../sync/plug-identity.js";
import { checkPlugsBeforeImport } from "../sync/trust-before-import.js";
import { openMigrationCheckDatabase } from "./migration-drift.js";
import { asProblem } from "./as-problem.js";
import { migrationCheckCache } from "./migration-check-cache.js";
import { plugMigrationProblems } from "./plug-migration-problems.js";
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
  if (!deploymentExists(paths))
    throw new CareCliError(`no deployment "${name}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: `create it with: pnpm care deployment new ${name}`,
    });
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  const config = await loadDeploymentConfig(paths.config);

  const dependencies =
    (JSON.parse(await readFile(paths.packageJson, "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
  const workspace = await workspacePackages(root);
  const sources = new Map<string, PlugSource>();
  for (const entry of config.plugs) {
    try {
      const source = await resolvePlugSource(entry, paths.dir, workspace);
      sources.set(entry.name, source);
      if (!dependencies[source.packageName]) {
        problems.push(
          problem(
            "plug_not_in_package_json",
            `plug ${entry.name}: ${source.packageName} is in plug.config.ts but not in ${paths.packageJson}`,
            {
              plug: entry.name,
              hint: `run \`pnpm care sync -d ${name}\``,
            },
          ),
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
    ...[...sources].flatMap(
      ([id, source]) =>
        sourceChangeProblem(
          name,
          previous.find((line) => line.id === id),
          source,
          [],
        ) ?? [],
    ),
  ];
  const checked = await checkPlugsBeforeImport({
    deployment: name,
    deploymentDir: paths.dir,
    config,
    sources,
    previous,
    allowSourceChange: [],
  });
  refused.push(...checked.problems);
  problems.push(...refused.map((error) => asProblem(error, undefined, "plug_refused")));
  const installed = await loadInstalledPlugs(
    paths.dir,
    { ...config, plugs: config.plugs.filter((entry) => !checked.refusedIds.has(entry.name)) },
    sources,
  );
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
  const migrationChecks = migrationCheckCache(root);
  try {
    for (const plug of loaded) {
      // A workspace plug's src/tables.generated.ts must be what its install.sql generates (cached by content).
      const own = sources.get(plug.id)?.kind === "workspace" ? workspace.get(sources.get(plug.id)!.packageName) : undefined;
      const tables = own && (await tablesProblem(own.dir, tablesDatabase));
      if (tables) problems.push(asProblem(tables, plug.id, "plug_tables_stale"));
      if (!plug.definition.migrations) continue;
      const local = workspace.get(sources.get(plug.id)?.packageName ?? "");
      const released =
        sources.get(plug.id)?.kind === "workspace" && local && releaseTags
          ? await lastReleasedInstall(root, releaseTags, local.dir, local.name, plug.version)
          : undefined;
      const release = released && local ? { dir: local.dir, released } : undefined;
      // Cached by the content of everything the checks read: a warm run starts no database.
      problems.push(...(await migrationChecks.problemsOf(plug, release, () => plugMigrationProblems(root, plug, release, database))));
    }
  } finally {
    await database?.close();
    await tablesDatabase.close();
  }
  return { problems, notes };
}
