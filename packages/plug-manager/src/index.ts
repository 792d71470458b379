export {
  defineDeployment,
  deploymentConfigSchema,
  env,
  plug,
  validateDeploymentConfig,
  type DeploymentConfig,
  type EnvReference,
  type PlugEntry,
} from "./deployment-config.js";
