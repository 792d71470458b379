import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadedPlug, Problem } from "@care/runtime/check-tooling";
import { checkCacheDir, readCacheFile, writeCacheFile } from "./cache-file.js";
import { isProblemList } from "./cached-problems.js";
import { checkerDigest } from "./checker-digest.js";
import { folderDigest, sha256 } from "./content-digest.js";
import type { PlugRelease } from "./plug-migration-problems.js";

/**
 * The migration checks' problems of each plug, kept between runs of `care check` under the
 * workspace's node_modules/.cache/care/migration-checks/ and keyed by everything the checks read:
 * every file of the plug's migrations folder, its id, package, version and care.plug block, its
 * last release's install.sql, and the checker's own code (see checkerDigest). Any change misses
 * the cache and runs the checks again. A plug with TypeScript upgrade steps is never cached: its
 * steps are code that can read anything. Disabled (`care check --no-cache`), it neither reads nor writes.
 */
export interface MigrationCheckCache {
  problemsOf(plug: LoadedPlug, release: PlugRelease | undefined, check: () => Promise<Problem[]>): Promise<Problem[]>;
}

/** Bump when what a cached entry holds changes shape. */
const entryRevision = 1;

export function migrationCheckCache(root: string, enabled = true): MigrationCheckCache {
  const dir = checkCacheDir(root, "migration-checks");
  let checker: Promise<string | undefined> | undefined;
  return {
    problemsOf: async (plug, release, check) => {
      const folder = migrationsFolder(plug);
      const code = (checker ??= checkerDigest());
      if (!enabled || folder === undefined || Object.keys(plug.definition.upgrades ?? {}).length > 0 || !(await code)) return check();
      const key = sha256(
        JSON.stringify([
          entryRevision,
          await code,
          folder,
          await folderDigest(folder),
          [plug.id, plug.packageName, plug.version, plug.block],
          release && [release.dir, release.released.version, release.released.tag, sha256(release.released.installSql)],
        ]),
      );
      const file = join(dir, `${key}.json`);
      const cached = readCacheFile(file, isProblemList);
      if (cached) return cached;
      const problems = await check();
      await writeCacheFile(file, problems);
      return problems;
    },
  };
}

function migrationsFolder(plug: LoadedPlug): string | undefined {
  const folder = plug.definition.migrations;
  return folder === undefined ? undefined : typeof folder === "string" ? folder : fileURLToPath(folder);
}
