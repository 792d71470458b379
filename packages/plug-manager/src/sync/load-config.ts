import { validateDeploymentConfig, type DeploymentConfig } from "../deployment-config.js";
import { importTypeScript } from "../workspace/load-typescript.js";

/** Loads a deployment's plug.config.ts (TypeScript, functions allowed) and validates it. */
export async function loadDeploymentConfig(file: string): Promise<DeploymentConfig> {
  let loaded: unknown;
  try {
    loaded = await importTypeScript(file);
  } catch (error) {
    throw new Error(`${file} could not be loaded: ${(error as Error).message}`);
  }
  return validateDeploymentConfig(loaded, file);
}
