// What a deployment's main.ts and plug.config.ts need of the runtime. The CLI's part is
// "@care/runtime/tooling"; the plug contract is @care/plug-api (authors import @care/plug-sdk).
export type { DeploymentManifest, ManifestPlug } from "./manifest.js";
export { readSettings, SettingsError, type BackupSettings, type Settings } from "./settings.js";
export { startDeployment, type RunningDeployment, type StartOptions } from "./start.js";
export { runDeployment, type ManifestSource } from "./run.js";
export { createLogger, redactingLogger, redactLogsOf, type LoggerOutput } from "./logger.js";
export type { AnyPlugDefinition, EnvReference } from "@care/plug-api";
// plug.config.ts names environment variables with env(); the deployment depends on the runtime only.
export { env } from "@care/plug-api";
