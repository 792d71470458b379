/** A value the deployment reads from the environment at start: `env("NOTIFY_API_KEY")` in plug.config.ts. */
export interface EnvReference {
  readonly kind: "env";
  readonly name: string;
}

const envNamePattern = /^[A-Z_][A-Z0-9_]*$/;

/** Reads `name` from the environment when the deployment starts, so the value never enters a bundle. */
export function env(name: string): EnvReference {
  if (!envNamePattern.test(name)) throw new Error(`env("${name}"): an environment variable name is upper case letters, digits and '_'`);
  return Object.freeze({ kind: "env", name });
}

export const isEnvReference = (value: unknown): value is EnvReference =>
  typeof value === "object" && value !== null && (value as EnvReference).kind === "env" && typeof (value as EnvReference).name === "string";
