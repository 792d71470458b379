import { validateDeploymentConfig, type DeploymentConfig } from "../deployment-config.js";
import { importTypeScript } from "../workspace/load-typescript.js";
import { CareCliError } from "../cli-error.js";

/** Loads a deployment's plug.config.ts (TypeScript, functions allowed) and validates it. */
export async function loadDeploymentConfig(file: string): Promise<DeploymentConfig> {
  let loaded: unknown;
  try {
    loaded = await importTypeScript(file);
  } catch (error) {
    throw new CareCliError(`${file} could not be loaded: ${(error as Error).message}`, { code: "deployment_config_unloadable" });
  }
  return validateDeploymentConfig(loaded, file);
}
