import { z } from "zod";
import type { EnvReference } from "@care/runtime/check-tooling";
import { trustPolicySchema, type TrustPolicy } from "./trust/policy.js";
import { CareCliError } from "./cli-error.js";

// From the runtime, which every deployment depends on: the inlined config helpers pull in nothing else.
export { env, type EnvReference } from "@care/runtime/check-tooling";

/**
 * The settings each plug package accepts, by the package as plug.config.ts names it. Empty here:
 * `care sync` writes the deployment's src/plug-configs.generated.ts, which adds one key per plug
 * with type-only imports, so `tsc` checks `configs` without plug.config.ts running plug code.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface PlugConfigs {}

/**
 * What a deployment may give for a plug's settings: the schema's input (defaults optional), where
 * any value may instead be read at start from the environment (`env("X")`) or computed by a function.
 * (`@care/plug-api` names the schema's input PlugConfigInput; this is the same, read structurally
 * so that a plug built against another copy of zod is typed too.)
 */
export type PlugConfigInput<Definition> = Definition extends { config?: infer Schema }
  ? [NonNullable<Schema>] extends [never]
    ? Record<string, never>
    : CoercedInput<z.input<NonNullable<Schema>>, z.output<NonNullable<Schema>>>
  : Record<string, unknown>;

/**
 * A schema's input, where a field zod types as `unknown` (a `z.coerce` one: it takes anything and
 * converts it) takes the field's output instead: `z.coerce.number()` is written as a number, or
 * read from the environment with `env("X")`, and `tsc` still refuses `"three"` or `true` there.
 */
export type CoercedInput<Input, Output> = unknown extends Input
  ? Output
  : Input extends readonly unknown[]
    ? Input
    : Input extends Record<string, unknown>
      ? { [K in keyof Input]: CoercedInput<Input[K], K extends keyof NonNullable<Output> ? NonNullable<Output>[K] : unknown> }
      : Input;

/** A config value as plug.config.ts may write it: the value, `env("X")`, a function giving it, or the same inside. */
export type ConfigValue<T> =
  | EnvReference
  | (() => T | Promise<T>)
  | (T extends readonly (infer Item)[]
      ? ConfigValue<Item>[]
      : T extends Record<string, unknown>
        ? { [K in keyof T]: ConfigValue<T[K]> }
        : T);

/** The `configs` a plug entry takes: typed for a package src/plug-configs.generated.ts names, open otherwise. */
export type PlugEntryConfigs<Package extends string> = Package extends keyof PlugConfigs
  ? { [K in keyof PlugConfigs[Package]]: ConfigValue<PlugConfigs[Package][K]> }
  : Record<string, unknown>;

export interface PlugEntry<Package extends string = string> {
  /** The plug's id in this deployment. */
  name: string;
  /** What pnpm accepts: a workspace or registry package, a git URL, or a local tarball. */
  package: Package;
  version?: string;
  /** The plug's settings, checked by `tsc` against its config schema once `care sync` has run. */
  configs?: PlugEntryConfigs<Package>;
  /** A failing `health()` of this plug makes the deployment not ready (by default: degraded). */
  required?: boolean;
  /**
   * `false` switches the plug off without removing it: its routes answer 503, its handlers and
   * migrations do not run, its durable deliveries are held until it is switched on; its data stays.
   */
  enabled?: boolean;
}

export interface DeploymentConfig {
  name: string;
  plugs: PlugEntry[];
  /** Which publishers' signatures are trusted, which sources may be unsigned, what is revoked. */
  trust?: TrustPolicy;
}

/** A deployment's name: it names its package `@care-deploy/<name>`, its folder and its data folder. */
export const deploymentNamePattern = /^[a-z][a-z0-9-]{0,62}$/;

/** One plug of the deployment; `configs` is typed from the package named (see PlugConfigs). */
export const plug = <const Package extends string>(entry: PlugEntry<Package>): PlugEntry => entry as PlugEntry;
export const defineDeployment = (config: DeploymentConfig): DeploymentConfig => config;

const plugEntrySchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "a plug id is 1-32 lowercase letters, digits or '_', starting with a letter"),
  package: z.string().min(1, "name the package, e.g. @care-plugs/lab"),
  version: z.string().min(1).optional(),
  configs: z.record(z.string(), z.unknown()).optional(),
  /** A failing `health()` of this plug makes the deployment not ready, instead of degraded. */
  required: z.boolean().optional(),
  /** `false`: switched off (see PlugEntry.enabled); `care plug disable/enable` edits it. */
  enabled: z.boolean({ error: "enabled is true or false (false switches the plug off)" }).optional(),
});

export const deploymentConfigSchema = z.strictObject({
  name: z.string().regex(deploymentNamePattern, "a deployment name is lowercase letters, digits and '-', starting with a letter"),
  plugs: z.array(plugEntrySchema).superRefine((plugs, context) => {
    const seen = new Map<string, number>();
    plugs.forEach((entry, index) => {
      const first = seen.get(entry.name);
      if (first !== undefined) {
        context.addIssue({ code: "custom", path: [index, "name"], message: `plug id "${entry.name}" is already used by plugs[${first}]` });
      } else seen.set(entry.name, index);
    });
  }),
  trust: trustPolicySchema.optional(),
});

/** Checks a loaded plug.config.ts, listing every problem with its path in one error. */
export function validateDeploymentConfig(config: unknown, file: string): DeploymentConfig {
  const result = deploymentConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  throw new CareCliError(`${file} has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`, { code: "deployment_config_invalid" });
}
