import { z } from "zod";
import { trustPolicySchema, type TrustPolicy } from "./trust/policy.js";

export { env, type EnvReference } from "@care/runtime";

export interface PlugEntry {
  /** The plug's id in this deployment. */
  name: string;
  /** What pnpm accepts: a workspace or registry package, a git URL, or a local tarball. */
  package: string;
  version?: string;
  configs?: Record<string, unknown>;
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

export const plug = (entry: PlugEntry): PlugEntry => entry;
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
  throw new Error(`${file} has ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
}
