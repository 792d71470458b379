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
  const migrations = new Map<string, PlugMigrations>();
  const chainProblems: string[] = [];
  for (const plug of plugs) {
    if (plug.definition.migrations === undefined && !plug.definition.upgrades) continue;
    try {
      migrations.set(plug.id, await readPlugMigrations(plug));
    } catch (error) {
      chainProblems.push((error as Error).message);
    }
  }
  if (chainProblems.length > 0) throw new PlugCheckError(chainProblems);
  return { plugs, configs, migrations };
}
