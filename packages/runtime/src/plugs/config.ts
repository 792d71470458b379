import { z } from "zod";
import { leavesOf, pathText, visitSecrets, type ConfigPath } from "../secrets/secret-walk.js";
import { minimumSecretLength, SecretValues, secretMark } from "../secrets/secret-values.js";
import type { LoadedPlug } from "./loaded-plug.js";
import { isEnvReference } from "./manifest-entry.js";
import { shapeOf } from "./secret.js";

export interface ResolvedConfig {
  values: Record<string, unknown>;
  /** Places whose values must never be shown, at any depth: marked secret, or read from the environment. */
  secretPaths: ConfigPath[];
  /** The strings at those places, and every value read from the environment: what logs and answers are cleaned of. */
  secretValues: string[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !isEnvReference(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));
const startsWith = (path: readonly PropertyKey[], prefix: ConfigPath) => prefix.length <= path.length && prefix.every((part, index) => String(part) === String(path[index]));

/**
 * The deployment's `configs` over the plug's defaults, parsed by its schema. `env("X")` is read
 * now and functions are called now, at any depth. Problems of every plug come back together, never a value.
 */
export async function resolveConfigs(
  plugs: readonly LoadedPlug[],
  env: NodeJS.ProcessEnv,
): Promise<{ configs: Map<string, ResolvedConfig>; problems: string[] }> {
  const configs = new Map<string, ResolvedConfig>();
  const problems: string[] = [];
  for (const plug of plugs) {
    const schema = plug.definition.config ?? z.object({});
    const fromEnv: Array<{ path: ConfigPath; name: string; value: string | undefined }> = [];
    const resolve = async (raw: unknown, path: ConfigPath): Promise<unknown> => {
      if (isEnvReference(raw)) {
        const value = env[raw.name] === "" ? undefined : env[raw.name];
        fromEnv.push({ path, name: raw.name, value });
        return value;
      }
      if (typeof raw === "function") {
        try {
          return await (raw as () => unknown)();
        } catch (error) {
          problems.push(`plug ${plug.id}: config ${pathText(path)}: its function failed: ${(error as Error).message}`);
          return undefined;
        }
      }
      if (Array.isArray(raw)) return Promise.all(raw.map((item, index) => resolve(item, [...path, index])));
      if (isPlainObject(raw)) return Object.fromEntries(await Promise.all(Object.entries(raw).map(async ([key, item]) => [key, await resolve(item, [...path, key])])));
      return raw;
    };
    const given = (await resolve(plug.configs ?? {}, [])) as Record<string, unknown>;
    // A misspelt key would otherwise be dropped in silence and its default used.
    const shape = shapeOf(schema);
    const unknown = shape ? Object.keys(given).filter((key) => !(key in shape)) : [];
    for (const key of unknown) {
      problems.push(`plug ${plug.id}: config ${key}: is not a setting of this plug; its settings are ${Object.keys(shape!).join(", ") || "(none)"}`);
    }
    const givenSecrets: ConfigPath[] = fromEnv.map((entry) => entry.path);
    visitSecrets(schema, given, "input", (path) => void givenSecrets.push(path));
    const result = schema.safeParse(given);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === "unrecognized_keys") continue;
        const source = fromEnv.find((entry) => startsWith(issue.path, entry.path));
        const hint = source ? (source.value === undefined ? ` (set environment variable ${source.name})` : ` (from environment variable ${source.name})`) : "";
        // A secret's message names the place, never what was given: a rule's message may quote it.
        const secretGiven = givenSecrets.some((path) => startsWith(issue.path, path) && valueAt(given, path) !== undefined);
        problems.push(`plug ${plug.id}: config ${pathText(issue.path)}: ${secretGiven ? "is not valid" : issue.message}${hint}`);
      }
      continue;
    }
    if (unknown.length > 0) continue;
    const values = result.data as Record<string, unknown>;
    const secretPaths: ConfigPath[] = fromEnv.map((entry) => entry.path);
    const secretValues = fromEnv.flatMap((entry) => (entry.value === undefined ? [] : [entry.value]));
    const tooShort: string[] = [];
    visitSecrets(schema, values, "output", (path, value) => {
      secretPaths.push(path);
      for (const leaf of leavesOf(value, path)) {
        if (typeof leaf.value !== "string") continue;
        if (leaf.value.length < minimumSecretLength) tooShort.push(pathText(leaf.path));
        else secretValues.push(leaf.value);
      }
    });
    for (const where of new Set(tooShort)) {
      problems.push(
        `plug ${plug.id}: config ${where}: is a secret shorter than ${minimumSecretLength} characters; use a longer one (every log line has each secret replaced by ${secretMark}, and a short one would blank out ordinary words)`,
      );
    }
    if (tooShort.length > 0) continue;
    configs.set(plug.id, { values, secretPaths, secretValues });
  }
  return { configs, problems };
}

/** A config safe to log or show: values at secret places replaced, and any secret value left elsewhere too. */
export function redactedConfig(config: ResolvedConfig): Record<string, unknown> {
  let shown: unknown = config.values;
  for (const path of config.secretPaths) shown = replacedAt(shown, path);
  const values = new SecretValues();
  values.add(config.secretValues);
  return values.redactDeep(shown) as Record<string, unknown>;
}

function valueAt(value: unknown, path: ConfigPath): unknown {
  return path.reduce<unknown>((inner, key) => (inner === null || typeof inner !== "object" ? undefined : (inner as Record<string, unknown>)[key]), value);
}

/** A copy of `value` with the place at `path` shown as the secret mark; the containers on the way are copied, the rest shared. */
function replacedAt(value: unknown, path: ConfigPath): unknown {
  if (path.length === 0) return value === undefined ? value : secretMark;
  const [key, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (String(index) === String(key) ? replacedAt(item, rest) : item));
  if (value instanceof Map) return new Map([...value].map(([name, item]) => [name, String(name) === String(key) ? replacedAt(item, rest) : item]));
  if (typeof value === "object" && value !== null && key! in value) return { ...value, [key!]: replacedAt((value as Record<string, unknown>)[key!], rest) };
  return value;
}
