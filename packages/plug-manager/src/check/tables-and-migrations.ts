import type { LoadedPlug, Problem } from "@care/runtime/check-tooling";
import pLimit from "p-limit";
import { openScratchDatabase, tablesProblem, type ScratchDatabase } from "../types/index.js";
import type { PlugSource } from "../sync/plug-source.js";
import type { WorkspacePackage } from "../workspace/workspace-packages.js";
import { asProblem } from "./as-problem.js";
import { lastReleasedInstall, type ReleaseTags } from "./last-release.js";
import { migrationCheckCache } from "./migration-check-cache.js";
import type { MigrationCheckDatabase } from "./migration-drift.js";
import type { PlugRelease } from "./plug-migration-problems.js";

/**
 * Per plug, in the order given: its src/tables.generated.ts is what its install.sql generates, and
 * its migrations pass (see plugMigrationProblems). Both are cached by content, so a warm run only
 * reads files: those lookups run side by side. A miss needs a scratch database (one connection), so
 * misses run one at a time, and the database and migration code load only then. Loaded by `care
 * check` only for plugs whose results it has not kept (the table code loads kysely).
 */
export async function tablesAndMigrationProblems(input: {
  root: string;
  plugs: LoadedPlug[];
  sources: Map<string, PlugSource>;
  workspace: Map<string, WorkspacePackage>;
  releaseTags: () => Promise<ReleaseTags | undefined>;
  /** False (`care check --no-cache`): the migration checks run afresh. */
  cache: boolean;
}): Promise<Problem[][]> {
  const { root, sources, workspace } = input;
  const isWorkspace = (plug: LoadedPlug) => sources.get(plug.id)?.kind === "workspace";
  // Started only when a tables file has to be generated afresh (its install.sql changed).
  const tablesDatabase = openScratchDatabase();
  let migrationDatabase: Promise<MigrationCheckDatabase> | undefined;
  const releaseTags = input.plugs.some(isWorkspace) ? await input.releaseTags() : undefined;
  const migrationChecks = migrationCheckCache(root, input.cache);
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
    return await Promise.all(input.plugs.map((plug) => sideBySide(() => checkOne(plug))));
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
