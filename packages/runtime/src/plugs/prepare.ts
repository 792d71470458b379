import { coreVersion } from "@care/core";
import type { DeploymentManifest } from "../manifest.js";
import { readPlugMigrations, type PlugMigrations } from "../migrations/plug-migrations.js";
import { checkPlugs, PlugCheckError } from "./checks.js";
import { resolveConfigs, type ResolvedConfig } from "./config.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { careCodeOf } from "../errors/coded-error.js";
import { problem } from "../errors/problem.js";

export interface PreparedPlugs {
  /**
   * In start order: dependencies first. Switched-off plugs (`enabled: false`) are listed (they are
   * in the bundle: their routes answer 503, their data is kept) but have no config or migrations here.
   */
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
  // A switched-off plug's config and migrations are not read: nothing of it runs, and an env var
  // it lacks (its provider is gone, say) must not stop the start. Without a chain it never migrates.
  const running = plugs.filter((plug) => plug.enabled);
  const { configs, problems } = await resolveConfigs(running, env);
  if (problems.length > 0) throw new PlugCheckError(problems);
  // Read side by side: one after the other, each plug's few file reads wait in turn (~0.5 ms a plug).
  const read = await Promise.allSettled(
    running.map(async (plug) =>
      plug.definition.migrations === undefined && !plug.definition.upgrades
        ? undefined
        : ([plug.id, await readPlugMigrations(plug)] as const),
    ),
  );
  const chainProblems = read.flatMap((result) =>
    result.status === "rejected" ? [problem(careCodeOf(result.reason) ?? "plug_migrations_invalid", (result.reason as Error).message)] : [],
  );
  if (chainProblems.length > 0) throw new PlugCheckError(chainProblems);
  const migrations = new Map<string, PlugMigrations>(
    read.flatMap((result) => (result.status === "fulfilled" && result.value ? [result.value] : [])),
  );
  return { plugs, configs, migrations };
}
