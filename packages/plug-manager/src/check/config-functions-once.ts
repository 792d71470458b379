import type { DeploymentConfig } from "../deployment-config.js";
import { isPlainObject, looksLikeEnvReference } from "./config-fingerprint.js";

/**
 * The config with each function in its plugs' `configs` made to run at most once, answering every
 * later call with the same value or failure: the cache key (configFingerprint) and the check itself
 * (resolveConfigs) then see one result, and a function with an effect runs once, as before.
 * Reached the way resolveConfigs walks them: through arrays and plain objects.
 */
export function withConfigFunctionsOnce(config: DeploymentConfig): DeploymentConfig {
  return {
    ...config,
    plugs: config.plugs.map((entry) =>
      entry.configs === undefined ? entry : { ...entry, configs: once(entry.configs) as typeof entry.configs },
    ),
  };
}

function once(value: unknown): unknown {
  if (typeof value === "function") {
    const run = value as () => unknown;
    let result: Promise<unknown> | undefined;
    return () => (result ??= (async () => run())());
  }
  if (Array.isArray(value)) return value.map(once);
  if (isWalked(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, once(item)]));
  return value;
}

/** A plain object that is not an `env("X")` reference: what resolveConfigs walks into. */
const isWalked = (value: unknown): value is Record<string, unknown> => isPlainObject(value) && !looksLikeEnvReference(value);
