import { z } from "zod";
import { problem, type Problem } from "../errors/problem.js";
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
const startsWith = (path: readonly PropertyKey[], prefix: ConfigPath) =>
  prefix.length <= path.length && prefix.every((part, index) => String(part) === String(path[index]));

/**
 * The deployment's `configs` over the plug's defaults, parsed by its schema. `env("X")` is read
 * now and functions are called now, at any depth. Problems of every plug come back together, each
 * with its code (`config_env_missing` for a variable this environment lacks), never a secret value.
 */
export async function resolveConfigs(
  plugs: readonly LoadedPlug[],
  env: NodeJS.ProcessEnv,
): Promise<{ configs: Map<string, ResolvedConfig>; problems: Problem[] }> {
  const configs = new Map<string, ResolvedConfig>();
  const problems: Problem[] = [];
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
          problems.push(
            problem(
              "config_function_failed",
              `plug ${plug.id}: config ${pathText(path)}: its function failed: ${(error as Error).message}`,
              { plug: plug.id },
            ),
          );
          return undefined;
        }
      }
      if (Array.isArray(raw)) return Promise.all(raw.map((item, index) => resolve(item, [...path, index])));
      if (isPlainObject(raw))
        return Object.fromEntries(
          await Promise.all(Object.entries(raw).map(async ([key, item]) => [key, await resolve(item, [...path, key])])),
        );
      return raw;
    };
    const given = (await resolve(plug.configs ?? {}, [])) as Record<string, unknown>;
    // A misspelt key would otherwise be dropped in silence and its default used.
    const shape = shapeOf(schema);
    const unknown = shape ? Object.keys(given).filter((key) => !(key in shape)) : [];
    for (const key of unknown) {
      problems.push(
        problem(
          "config_key_unknown",
          `plug ${plug.id}: config ${key}: is not a setting of this plug; its settings are ${Object.keys(shape!).join(", ") || "(none)"}`,
          {
            plug: plug.id,
          },
        ),
      );
    }
    const givenSecrets: ConfigPath[] = fromEnv.map((entry) => entry.path);
    visitSecrets(schema, given, "input", (path) => void givenSecrets.push(path));
    const result = schema.safeParse(given);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === "unrecognized_keys") continue;
        const source = fromEnv.find((entry) => startsWith(issue.path, entry.path));
        const hint = source
          ? source.value === undefined
            ? ` (set environment variable ${source.name})`
            : ` (from environment variable ${source.name})`
          : "";
        // A secret's message names the place, never what was given: a rule's message may quote it.
        const secretsHere = givenSecrets.filter((path) => startsWith(issue.path, path)).flatMap((path) => secretTextsAt(given, path));
        const code = source?.value === undefined && source ? "config_env_missing" : "config_value_invalid";
        problems.push(
          problem(code, `plug ${plug.id}: config ${pathText(issue.path)}: ${reasonOf(issue, secretsHere)}${hint}`, { plug: plug.id }),
        );
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
        problem(
          "config_secret_too_short",
          `plug ${plug.id}: config ${where}: is a secret shorter than ${minimumSecretLength} characters; ` +
            `use a longer one (every log line has each secret replaced by ${secretMark}, and a short one would blank out ordinary words)`,
          { plug: plug.id },
        ),
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

/** The strings given at a secret place (an env value included): what a problem's text must not show. */
const secretTextsAt = (given: unknown, path: ConfigPath): string[] =>
  leavesOf(valueAt(given, path), path).flatMap((leaf) => (typeof leaf.value === "string" && leaf.value !== "" ? [leaf.value] : []));

/**
 * Why a value is invalid: zod's message, unless it quotes a secret given there (a plug's own rule
 * may put the value in its message); then a reason from the issue's kind that shows no value.
 */
function reasonOf(issue: z.core.$ZodIssue, secrets: string[]): string {
  if (!secrets.some((secret) => issue.message.includes(secret))) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `is not valid: expected ${issue.expected}`;
    case "too_small":
      return `is not valid: too small (at least ${String(issue.minimum)})`;
    case "too_big":
      return `is not valid: too big (at most ${String(issue.maximum)})`;
    case "invalid_format":
      return `is not valid: not a valid ${issue.format}`;
    case "invalid_value":
      return `is not valid: expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return "is not valid: it breaks the plug's rule for this setting (the rule's message is not shown, as it quotes the secret value)";
  }
}

function valueAt(value: unknown, path: ConfigPath): unknown {
  return path.reduce<unknown>(
    (inner, key) => (inner === null || typeof inner !== "object" ? undefined : (inner as Record<string, unknown>)[key]),
    value,
  );
}

/** A copy of `value` with the place at `path` shown as the secret mark; the containers on the way are copied, the rest shared. */
function replacedAt(value: unknown, path: ConfigPath): unknown {
  if (path.length === 0) return value === undefined ? value : secretMark;
  const [key, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (String(index) === String(key) ? replacedAt(item, rest) : item));
  if (value instanceof Map)
    return new Map([...value].map(([name, item]) => [name, String(name) === String(key) ? replacedAt(item, rest) : item]));
  if (typeof value === "object" && value !== null && key! in value)
    return { ...value, [key!]: replacedAt((value as Record<string, unknown>)[key!], rest) };
  return value;
}
