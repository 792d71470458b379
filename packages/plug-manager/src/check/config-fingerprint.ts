/**
 * A plug's `configs` from plug.config.ts as `care check` resolves them, as data a cache key can hold:
 * each `env("X")` with the value this environment gives X, each function with what it returned (or
 * the message it failed with), in the order written (a problem lists unknown keys in that order).
 * Throws NotFingerprintable for a value that has no such form (a class instance, a symbol, a Map):
 * then the plug is checked afresh at every run.
 */
export async function configFingerprint(configs: unknown, env: NodeJS.ProcessEnv): Promise<unknown> {
  if (looksLikeEnvReference(configs)) return ["env", configs.name, env[configs.name] ?? null];
  if (typeof configs === "function") {
    try {
      return ["function", data(await (configs as () => unknown)())];
    } catch (error) {
      return ["function failed", String((error as Error | undefined)?.message)];
    }
  }
  if (Array.isArray(configs)) return ["array", ...(await Promise.all(configs.map((item) => configFingerprint(item, env))))];
  if (isPlainObject(configs))
    return [
      "object",
      ...(await Promise.all(Object.entries(configs).map(async ([key, value]) => [key, await configFingerprint(value, env)]))),
    ];
  return data(configs);
}

/** Thrown for a value that cannot be keyed by content. */
export class NotFingerprintable extends Error {}

/**
 * Plain values, as a function's result reaches the plug's schema: nothing inside is resolved.
 * A function left there is code the schema may call, so it cannot be keyed.
 */
function data(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (value === undefined) return ["undefined"];
  if (typeof value === "number") return ["number", Object.is(value, -0) ? "-0" : String(value)];
  if (typeof value === "bigint") return ["bigint", String(value)];
  if (Array.isArray(value)) return ["array", ...value.map(data)];
  if (value instanceof Date && Object.getPrototypeOf(value) === Date.prototype) return ["date", String(value.getTime())];
  if (isPlainObject(value)) return ["object", ...Object.entries(value).map(([key, item]) => [key, data(item)])];
  throw new NotFingerprintable();
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** What the runtime reads as `env("X")`: an object whose kind is "env", with a name. */
export const looksLikeEnvReference = (value: unknown): value is { kind: "env"; name: string } =>
  typeof value === "object" &&
  value !== null &&
  (value as { kind?: unknown }).kind === "env" &&
  typeof (value as { name?: unknown }).name === "string";
