import { z } from "zod";
import type { LoadedPlug } from "./loaded-plug.js";
import { isEnvReference } from "./manifest-entry.js";
import { secretKeys, shapeOf } from "./secret.js";

export interface ResolvedConfig {
  values: Record<string, unknown>;
  /** Keys whose values must never be shown: marked secret, or read from the environment. */
  secretKeys: Set<string>;
}

/**
 * The deployment's `configs` over the plug's defaults, parsed by its schema. `env("X")` is read
 * now; functions are called now. Problems of every plug come back together, never a value.
 */
export async function resolveConfigs(
  plugs: readonly LoadedPlug[],
  env: NodeJS.ProcessEnv,
): Promise<{ configs: Map<string, ResolvedConfig>; problems: string[] }> {
  const configs = new Map<string, ResolvedConfig>();
  const problems: string[] = [];
  for (const plug of plugs) {
    const schema = plug.definition.config ?? z.object({});
    const secrets = secretKeys(schema);
    const given: Record<string, unknown> = {};
    const envNames = new Map<string, string>();
    for (const [key, raw] of Object.entries(plug.configs ?? {})) {
      if (isEnvReference(raw)) {
        secrets.add(key);
        envNames.set(key, raw.name);
        given[key] = env[raw.name] === "" ? undefined : env[raw.name];
      } else {
        try {
          given[key] = typeof raw === "function" ? await (raw as () => unknown)() : raw;
        } catch (error) {
          problems.push(`plug ${plug.id}: config ${key}: its function failed: ${(error as Error).message}`);
        }
      }
    }
    // A misspelt key would otherwise be dropped in silence and its default used.
    const shape = shapeOf(schema);
    const unknown = shape ? Object.keys(given).filter((key) => !(key in shape)) : [];
    for (const key of unknown) {
      problems.push(`plug ${plug.id}: config ${key}: is not a setting of this plug; its settings are ${Object.keys(shape!).join(", ") || "(none)"}`);
    }
    const result = schema.safeParse(given);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === "unrecognized_keys") continue;
        const key = issue.path.map(String).join(".") || "(config)";
        const top = String(issue.path[0] ?? "");
        const fromEnv = envNames.get(top);
        const hint = fromEnv ? (given[top] === undefined ? ` (set environment variable ${fromEnv})` : ` (from environment variable ${fromEnv})`) : "";
        // A secret's message names the key and the rule, never what was given.
        const message = secrets.has(top) && given[top] !== undefined ? "is not valid" : issue.message;
        problems.push(`plug ${plug.id}: config ${key}: ${message}${hint}`);
      }
      continue;
    }
    if (unknown.length > 0) continue;
    configs.set(plug.id, { values: result.data as Record<string, unknown>, secretKeys: secrets });
  }
  return { configs, problems };
}

/** A config safe to log or show: secret values replaced. */
export function redactedConfig(config: ResolvedConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config.values).map(([key, value]) => [key, config.secretKeys.has(key) ? "[secret]" : value]));
}
