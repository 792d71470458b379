import type { AnyPlugDefinition } from "./plugs/definition.js";

/**
 * What `care sync` generates into a deployment's `src/plugs.generated.ts`: the deployment's name
 * and its plugs, statically imported so a bundler keeps just these.
 */
export interface DeploymentManifest {
  deployment: string;
  plugs: readonly ManifestPlug[];
  /**
   * The deployment's folder (`new URL("..", import.meta.url)` in the generated manifest): in a
   * bundle, start compares the installed plugs there with the bundle's plugs.digests.json.
   */
  root?: URL | string;
}

export interface ManifestPlug {
  /** The plug's default export, from `definePlug`. */
  plug: AnyPlugDefinition;
  /** The id in this deployment; defaults to the plug's own `care.plug.id`. */
  id?: string;
  /** The deployment's settings for it: values, `env("X")` references, or functions. */
  configs?: Record<string, unknown>;
  /** When its `health()` fails, the deployment is not ready (by default it is only degraded). */
  required?: boolean;
  /**
   * `false`: switched off in plug.config.ts. Its routes answer 503 `plug_disabled`, its handlers,
   * hooks, health check and migrations do not run, its durable deliveries are held; its data stays.
   */
  enabled?: boolean;
}
