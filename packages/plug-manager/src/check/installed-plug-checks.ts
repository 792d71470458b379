import { checkPlugs, PlugCheckError, problem, resolveConfigs, type LoadedPlug, type Problem } from "@care/runtime/check-tooling";
import type { DeploymentConfig } from "../deployment-config.js";
import { asManifestPlugs } from "../sync/installed-plugs.js";
import { plugUiProblems } from "../sync/plug-ui-entry.js";
import type { PlugSource } from "../sync/plug-source.js";
import type { DeploymentPaths } from "../workspace/deployment-paths.js";
import type { WorkspacePackage } from "../workspace/workspace-packages.js";
import type { CheckCaches, KeptResult } from "./check-caches.js";
import type { ReleaseTags } from "./last-release.js";
import { importPlug, loadPlugs } from "./plug-loads.js";
import { staleGeneratedProblems } from "./stale-generated-files.js";
import { tablesFactsKeepable } from "./tables-facts-keepable.js";
import { uiTargetsLookedAt } from "./ui-targets.js";

export interface InstalledPlugChecks {
  root: string;
  name: string;
  paths: DeploymentPaths;
  config: DeploymentConfig;
  refusedIds: Set<string>;
  sources: Map<string, PlugSource>;
  workspace: Map<string, WorkspacePackage>;
  env: NodeJS.ProcessEnv;
  coreVersion: string;
  releaseTags: () => Promise<ReleaseTags | undefined>;
  /** False (`care check --no-cache`): nothing is read from or kept in the caches, the migration checks' included. */
  cache: boolean;
}

/** Problems whose cause is outside this environment's reach: what start would refuse, but check can only note. */
const noteCodes = new Set(["config_env_missing"]);

/**
 * Everything `care check` checks after the trust check, in its order: the plugs load, the generated
 * files and web interfaces, checkPlugs (ids, ranges, dependencies, cycles), configs, tables and
 * migrations. With caches, a plug whose facts are kept is not imported: a stand-in of its definition
 * takes its place in the checks over all plugs, and its own results come from its facts; only the
 * plugs that changed are imported. Returns the result, and whether it may be kept whole.
 */
export async function runInstalledPlugChecks(
  input: InstalledPlugChecks,
  caches: CheckCaches | undefined,
): Promise<{ result: KeptResult; keepable: boolean }> {
  const { config, paths } = input;
  const problems: Problem[] = [];
  const entries = config.plugs.filter((entry) => !input.refusedIds.has(entry.name));
  const { installed, failures, standIns, learnt } = await loadPlugs({ ...input, deploymentDir: paths.dir, entries, caches });
  problems.push(...failures.map((text) => problem("plug_not_loadable", text)));
  // Whole, only when every plug has a key, and loaded (a failure to load may not be its files' doing).
  let keepable = caches !== undefined && entries.every((entry) => caches.plugs.has(entry.name)) && failures.length === 0;

  // What sync generates from these plugs, compared only when every plug loaded (else the cause is above).
  if (installed.length === config.plugs.length) {
    problems.push(
      ...(await staleGeneratedProblems({
        deployment: input.name,
        deploymentDir: paths.dir,
        manifestFile: paths.manifest,
        config,
        plugs: installed,
      })),
    );
    problems.push(...(await plugUiProblems(installed, config)));
  }

  let loaded: LoadedPlug[] = [];
  try {
    loaded = checkPlugs({ deployment: input.name, plugs: asManifestPlugs(installed, config) }, input.coreVersion);
  } catch (error) {
    if (!(error instanceof PlugCheckError)) throw error;
    problems.push(...error.found);
  }

  // A stand-in whose facts stop short of configs and tables (an earlier run stopped at checkPlugs) is imported now.
  for (const [index, plug] of loaded.entries()) {
    const known = standIns.get(plug.id);
    if (!known || (known.configProblems && known.tablesProblems)) continue;
    const entry = entries.find((candidate) => candidate.name === plug.id)!;
    const { plug: imported } = await importPlug({ ...input, deploymentDir: paths.dir }, entry);
    if (!imported) throw new FactsOutOfDate(`plug ${plug.id} no longer loads as its kept facts say`);
    standIns.delete(plug.id);
    learnt.set(plug.id, known);
    loaded[index] = { ...plug, definition: imported.definition };
  }
  const imported = loaded.filter((plug) => !standIns.has(plug.id));

  // Secrets come from the environment at run time: where this one lacks them, only note it.
  const configProblems = new Map<string, Problem[]>();
  for (const plug of imported) configProblems.set(plug.id, (await resolveConfigs([plug], input.env)).problems);
  const notes: Problem[] = [];
  for (const plug of loaded) {
    for (const found of standIns.get(plug.id)?.configProblems ?? configProblems.get(plug.id)!) {
      (noteCodes.has(found.code) ? notes : problems).push(found);
    }
  }

  const tablesProblems = new Map<string, Problem[]>();
  if (imported.length > 0) {
    // The table and migration code (kysely, PGlite when a result is not cached) loads only for plugs that were imported.
    const { tablesAndMigrationProblems } = await import("./tables-and-migrations.js");
    const found = await tablesAndMigrationProblems({ ...input, plugs: imported });
    for (const [index, plug] of imported.entries()) tablesProblems.set(plug.id, found[index]!);
  }
  for (const plug of loaded) problems.push(...(standIns.get(plug.id)?.tablesProblems ?? tablesProblems.get(plug.id)!));

  for (const plug of imported) {
    const facts = learnt.get(plug.id);
    const dir = caches?.plugs.get(plug.id)?.dir;
    const keepTables = dir !== undefined && tablesFactsKeepable(plug, dir, input.sources, input.workspace);
    if (!keepTables) keepable = false;
    if (facts && keepTables)
      Object.assign(facts, { configProblems: configProblems.get(plug.id), tablesProblems: tablesProblems.get(plug.id) });
  }
  await Promise.all([...learnt].map(([id, facts]) => caches?.keepFacts(id, facts)));
  const lookedAt = keepable ? await uiTargetsLookedAt(installed, config) : [];
  return { result: { problems, notes, lookedAt }, keepable };
}

/** Kept facts that the plug's code no longer bears out: the check runs again without the caches. */
export class FactsOutOfDate extends Error {}
