import { readFile } from "node:fs/promises";
import { checkPlugs, PlugCheckError, problem, resolveConfigs, type LoadedPlug, type Problem } from "@care/runtime/check-tooling";
import pLimit from "p-limit";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { loadDeploymentConfig } from "../sync/load-config.js";
import { asManifestPlugs, loadInstalledPlugs } from "../sync/installed-plugs.js";
import { resolvePlugSource, type PlugSource } from "../sync/plug-source.js";
import { workspacePackages } from "../workspace/workspace-packages.js";
import { CareCliError } from "../cli-error.js";
import { readPlugsLock } from "../sync/lockfile.js";
import { sharedPackageProblems, sourceChangeProblem } from "../sync/plug-identity.js";
import { checkPlugsBeforeImport } from "../sync/trust-before-import.js";
import type { MigrationCheckDatabase } from "./migration-drift.js";
import { asProblem } from "./as-problem.js";
import { installedCoreVersion } from "./core-version.js";
import { migrationCheckCache } from "./migration-check-cache.js";
import type { PlugRelease } from "./plug-migration-problems.js";
import { lastReleasedInstall, readReleaseTags } from "./last-release.js";
import { staleGeneratedProblems } from "./stale-generated-files.js";
import { plugUiProblems } from "../sync/plug-ui-entry.js";
import { openScratchDatabase, tablesProblem, type ScratchDatabase } from "../types/index.js";

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

  // What sync generates from these plugs, compared only when every plug loaded (else the cause is above).
  if (installed.plugs.length === config.plugs.length) {
    problems.push(
      ...(await staleGeneratedProblems({
        deployment: name,
        deploymentDir: paths.dir,
        manifestFile: paths.manifest,
        config,
        plugs: installed.plugs,
      })),
    );
    problems.push(...(await plugUiProblems(installed.plugs, config)));
  }

  let loaded: LoadedPlug[] = [];
  try {
    loaded = checkPlugs({ deployment: name, plugs: asManifestPlugs(installed.plugs, config) }, await installedCoreVersion());
  } catch (error) {
    if (!(error instanceof PlugCheckError)) throw error;
    problems.push(...error.found);
  }

  // Secrets come from the environment at run time: where this one lacks them, only note it.
  const { problems: configProblems } = await resolveConfigs(loaded, env);
  for (const found of configProblems) (noteCodes.has(found.code) ? notes : problems).push(found);

  problems.push(...(await tablesAndMigrationProblems(root, loaded, sources, workspace)));
  return { problems, notes };
}

/**
 * Per plug: its src/tables.generated.ts is what its install.sql generates, and its migrations pass
 * (see plugMigrationProblems); in the plugs' order. Both are cached by content, so a warm run only
 * reads files: those lookups run side by side. A miss needs a scratch database (one connection),
 * so misses run one at a time, and the database and migration code load only then.
 */
async function tablesAndMigrationProblems(
  root: string,
  loaded: LoadedPlug[],
  sources: Map<string, PlugSource>,
  workspace: Awaited<ReturnType<typeof workspacePackages>>,
): Promise<Problem[]> {
  const isWorkspace = (plug: LoadedPlug) => sources.get(plug.id)?.kind === "workspace";
  // Started only when a tables file has to be generated afresh (its install.sql changed).
  const tablesDatabase = openScratchDatabase();
  let migrationDatabase: Promise<MigrationCheckDatabase> | undefined;
  const releaseTags = loaded.some(isWorkspace) ? await readReleaseTags(root) : undefined;
  const migrationChecks = migrationCheckCache(root);
  const oneAtATime = pLimit(1);
  const sideBySide = pLimit(plugsCheckedAtOnce);
  const checkMigrations = (plug: LoadedPlug, release: PlugRelease | undefined) =>
    oneAtATime(async () => {
      const [{ plugMigrationProblems }, { openMigrationCheckDatabase }] = await Promise.all([
        import("./plug-migration-problems.js"),
        import("./migration-drift.js"),
      ]);
      return plugMigrationProblems(root, plug, release, await (migrationDatabase ??= openMigrationCheckDatabase()));
    });
  const checkOne = async (plug: LoadedPlug): Promise<Problem[]> => {
    const found: Problem[] = [];
    const local = isWorkspace(plug) ? workspace.get(sources.get(plug.id)!.packageName) : undefined;
    // A workspace plug's src/tables.generated.ts must be what its install.sql generates (cached by content):
    // first from the cache alone, then, on a miss, again with the scratch database.
    const tables =
      local &&
      (await tablesProblem(local.dir, cacheOnly).catch((error: unknown) => {
        if (error !== notCached) throw error;
        return oneAtATime(() => tablesProblem(local.dir, tablesDatabase));
      }));
    if (tables) found.push(asProblem(tables, plug.id, "plug_tables_stale"));
    if (!plug.definition.migrations) return found;
    const released = local && releaseTags ? await lastReleasedInstall(root, releaseTags, local.dir, local.name, plug.version) : undefined;
    const release = released && local ? { dir: local.dir, released } : undefined;
    // Cached by the content of everything the checks read: a warm run starts no database.
    found.push(...(await migrationChecks.problemsOf(plug, release, () => checkMigrations(plug, release))));
    return found;
  };
  try {
    return (await Promise.all(loaded.map((plug) => sideBySide(() => checkOne(plug))))).flat();
  } finally {
    await (await migrationDatabase)?.close();
    await tablesDatabase.close();
  }
}

/** A scratch database that is never opened: a lookup that would need it is a cache miss. */
const notCached = new Error("not in the cache");
const cacheOnly: ScratchDatabase = { get: () => Promise.reject(notCached), close: async () => {} };

/** Enough to overlap one plug's cache reads with another's hashing. */
const plugsCheckedAtOnce = 8;
