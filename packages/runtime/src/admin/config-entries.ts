import { z } from "zod";
import { redactedConfig, type ResolvedConfig } from "../plugs/config.js";
import type { LoadedPlug } from "../plugs/loaded-plug.js";
import { isEnvReference } from "../plugs/manifest-entry.js";
import { shapeOf } from "../plugs/secret.js";
import { containsSecret } from "../secrets/secret-walk.js";
import type { AdminConfigEntry } from "./admin-plug-schemas.js";

/**
 * Each top-level setting of a plug: where its value comes from and, unless it is secret, the value
 * (redacted again, as a log line would be). A setting is secret when its schema marks it (at any
 * depth) or plug.config.ts reads it from the environment. `config` is undefined for a switched-off
 * plug, whose config is not resolved: its values are then not known, only what plug.config.ts gives.
 */
export function configEntriesOf(plug: LoadedPlug, config: ResolvedConfig | undefined): AdminConfigEntry[] {
  const schema = plug.definition.config ?? z.object({});
  const shape = shapeOf(schema) ?? {};
  const given = plug.configs ?? {};
  const shown = config ? redactedConfig(config) : {};
  const keys = [...new Set([...Object.keys(shape), ...Object.keys(config?.values ?? {})])];
  return keys.map((key) => {
    const raw = given[key];
    const from = raw === undefined ? "default" : isEnvReference(raw) ? "environment" : "deployment";
    const secret =
      (shape[key] !== undefined && containsSecret(shape[key])) ||
      isEnvReference(raw) ||
      (config?.secretPaths.some((path) => String(path[0]) === key) ?? false);
    // A switched-off plug's value is not resolved (a function is not called, a variable not read): only whether one is given.
    if (config === undefined) return { key, secret, set: raw !== undefined, value: null, from };
    const set = config.values[key] !== undefined && config.values[key] !== null;
    return { key, secret, set, value: secret || !set ? null : (shown[key] ?? null), from };
  });
}
