import { coreVersion } from "@care/core";
import type { DeploymentManifest } from "../manifest.js";
import { readPlugMigrations, type PlugMigrations } from "../migrations/plug-migrations.js";
import { checkPlugs, PlugCheckError } from "./checks.js";
import { resolveConfigs, type ResolvedConfig } from "./config.js";
import type { LoadedPlug } from "./loaded-plug.js";

export interface PreparedPlugs {
  /** In start order: dependencies first. */
  plugs: LoadedPlug[];
  configs: Map<string, ResolvedConfig>;
  migrations: Map<string, PlugMigrations>;
}

/**
 * Everything about the plugs that can be known without a database, in the order the runtime
 * applies it: checks, then configs, then migration chains. Each stage reports all its problems at once.
 */
export async function preparePlugs(manifest: DeploymentManifest, env: NodeJS.ProcessEnv): Promise<PreparedPlugs> {
  const plugs = checkPlugs(manifest, coreVersion);
  const { configs, problems } = await resolveConfigs(plugs, env);
  if (problems.length > 0) throw new PlugCheckError(problems);
  // Read side by side: one after the other, each plug's few file reads wait in turn (~0.5 ms a plug).
  const read = await Promise.allSettled(
    plugs.map(async (plug) =>
      plug.definition.migrations === undefined && !plug.definition.upgrades ? undefined : ([plug.id, await readPlugMigrations(plug)] as const),
    ),
  );
  const chainProblems = read.flatMap((result) => (result.status === "rejected" ? [(result.reason as Error).message] : []));
  if (chainProblems.length > 0) throw new PlugCheckError(chainProblems);
  const migrations = new Map<string, PlugMigrations>(
    read.flatMap((result) => (result.status === "fulfilled" && result.value ? [result.value] : [])),
  );
  return { plugs, configs, migrations };
}
