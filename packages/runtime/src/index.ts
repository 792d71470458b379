export type { DeploymentManifest, ManifestPlug } from "./manifest.js";
export { readSettings, SettingsError, type BackupSettings, type Settings } from "./settings.js";
export { startDeployment, type RunningDeployment, type StartOptions } from "./start.js";
export { runDeployment, type ManifestSource } from "./run.js";
export { createLogger, redactingLogger, redactLogsOf, type LoggerOutput } from "./logger.js";
export { minimumSecretLength } from "./secrets/secret-values.js";
export { callerAnswerOf, markCallerError, type CallerAnswer } from "./plugs/caller-error.js";
export { bootDeployment, type BootOptions, type BootedDeployment } from "./boot.js";
export { preparePlugs, type PreparedPlugs } from "./plugs/prepare.js";
export { checkPlugs, PlugCheckError } from "./plugs/checks.js";
export { resolveConfigs } from "./plugs/config.js";
export { CodedError, careCodeOf, hintOf } from "./errors/coded-error.js";
export { describeProblem, problem, type Problem } from "./errors/problem.js";
export {
  PlugMigrationError,
  readPlugMigrations,
  planMigration,
  sha256,
  type MigrationPlan,
  type PlugMigrations,
  type UpgradeStepFiles,
} from "./migrations/plug-migrations.js";
export type { PlugMigrationReport } from "./migrations/run-plug-migrations.js";
export {
  migrateDeployment,
  planDeploymentMigration,
  type DeploymentMigrationReport,
  type MigrateOptions,
  type MigrationFailure,
  type PlugPlan,
} from "./migrations/migrate-deployment.js";
export { backupBeforeChange, listBackups, takeBackup, type TakenBackup } from "./backups/take-backup.js";
export { checkBackup, restoreServerBackup } from "./backups/restore-backup.js";
export { BackupError, isBackupError, type BackupProblem } from "./backups/backup-error.js";
export type { BackupMetadata } from "./backups/backup-metadata.js";
export { deploymentStatus, type PlugStatus } from "./migrations/deployment-status.js";
export { resetDevelopmentPlug, type PlugReset } from "./migrations/reset-development-plug.js";
export { detachedPlugs, describeDeliveries, markDetachedPlugs, type DetachedPlug } from "./migrations/detach-plugs.js";
export { previewPlugPurge, purgePlug, PlugPurgeError, type PlugPurgeOptions, type PlugPurgePreview, type PlugPurgeReport } from "./migrations/purge-plug.js";
export { plugExportFormat } from "./migrations/export-plug-data.js";
export { enterPlugRole, plugSchema } from "./migrations/plug-role.js";
export { sqlWithoutNoise } from "./migrations/sql-without-noise.js";
export { runPlugStep, StepFailure, type PlugStepToRun } from "./migrations/run-plug-step.js";

export { plugBlockSchema, plugIdPattern, plugIdSchema, readPlugBlock, type PlugBlock } from "./plug-block.js";
export { definePlug, route } from "./plugs/define.js";
export { secret } from "./plugs/secret.js";
export { env, isEnvReference, type EnvReference } from "./plugs/manifest-entry.js";
export type {
  AnyPlugDefinition,
  CoreServices,
  HttpMethod,
  InstallHookContext,
  OwnSignals,
  PlugContext,
  PlugDefinition,
  PlugDefinitionInput,
  PlugHealthAnswer,
  PlugHooks,
  PlugPackageJson,
  PlugRequest,
  PlugRoute,
  RouteHandler,
  RouteOptions,
  SignalHandlerContext,
  SignalSubscription,
  UpgradeStep,
} from "./plugs/definition.js";
export type { LoadedPlug } from "./plugs/loaded-plug.js";
export * from "./trust/index.js";
