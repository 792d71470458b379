import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyPlugDefinition, DeploymentManifest } from "@care/runtime";
import { syntheticPlug, writePlugPackage, type SyntheticPlug } from "./plug-package.js";
import { baselineSql, versionAfter } from "./plug-schema.js";
import { linkSharedModules } from "./shared-modules.js";

/**
 * Synthetic plugs as two releases, each a real package on disk: 1.0.0 (its install.sql is what
 * the newer release keeps as baseline/1.0.0.sql) and 1.10.0 (install.sql, the baseline and the ten
 * upgrade steps). A database that installed 1.0.0 and then upgrades to 1.10.0 replays the chain.
 */
export interface ReleasedPlugs {
  plugs: SyntheticPlug[];
  /** The deployment with every plug at 1.0.0. */
  first: DeploymentManifest;
  /** The deployment with every plug at 1.10.0. */
  latest: DeploymentManifest;
}

export async function writeReleasedPlugs(root: string, repositoryRoot: string, count: number, idPrefix: string): Promise<ReleasedPlugs> {
  await linkSharedModules(root, repositoryRoot);
  const plugs = Array.from({ length: count }, (_, index) => syntheticPlug(index + 1, idPrefix));
  const manifest = async (
    release: string,
    version: string,
    options: Parameters<typeof writePlugPackage>[2],
  ): Promise<DeploymentManifest> => {
    const entries = [];
    for (const plug of plugs) {
      const dir = join(root, release, plug.id);
      await writePlugPackage(dir, { ...plug, version }, options);
      const module = (await import(pathToFileURL(join(dir, "dist/index.js")).href)) as { default: AnyPlugDefinition };
      entries.push({ id: plug.id, plug: module.default });
    }
    return { deployment: `bench-${release}`, plugs: entries };
  };
  const first = await manifest("release-1.0.0", versionAfter(0), { migrations: "install", code: "dist", installSql: baselineSql() });
  const latest = await manifest("release-latest", plugs[0]?.version ?? versionAfter(0), { migrations: "chain", code: "dist" });
  return { plugs, first, latest };
}
