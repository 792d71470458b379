/**
 * What `care sync` generates into a deployment's `src/plugs.generated.ts`: the deployment's name
 * and its plugs, statically imported so a bundler keeps just these.
 */
export interface DeploymentManifest {
  deployment: string;
  plugs: readonly ManifestPlug[];
}

export interface ManifestPlug {
  id: string;
  package: string;
  version: string;
}
