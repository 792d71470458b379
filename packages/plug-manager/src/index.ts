// What a deployment's plug.config.ts imports. The `care` CLI is the package's bin (src/cli.ts);
// it is not imported here, so a deployment never loads the CLI's code at run time.
export {
  defineDeployment,
  deploymentConfigSchema,
  deploymentNamePattern,
  env,
  plug,
  validateDeploymentConfig,
  type DeploymentConfig,
  type EnvReference,
  type ConfigValue,
  type PlugConfigInput,
  type PlugConfigs,
  type PlugEntry,
  type PlugEntryConfigs,
} from "./deployment-config.js";
