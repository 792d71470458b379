export type { DeploymentManifest, ManifestPlug } from "./manifest.js";
export { readSettings, SettingsError, type Settings } from "./settings.js";
export { startDeployment, type RunningDeployment, type StartOptions } from "./start.js";
export { runDeployment } from "./run.js";
