import type { AnyPlugDefinition } from "./definition.js";

/** A value the deployment reads from the environment at start: `env("NOTIFY_API_KEY")` in plug.config.ts. */
export interface EnvReference {
  readonly kind: "env";
  readonly name: string;
}

export const isEnvReference = (value: unknown): value is EnvReference =>
  typeof value === "object" && value !== null && (value as EnvReference).kind === "env" && typeof (value as EnvReference).name === "string";
