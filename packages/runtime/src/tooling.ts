// What the Care CLI (@care/plug-manager), the test kit and the benchmarks use of the runtime: checks,
// migrations, backups, trust. Deployments import "@care/runtime"; this entry is "@care/runtime/tooling"
// and may change with any release of the runtime.
export * from "./index.js";
export { minimumSecretLength } from "./secrets/secret-values.js";
export { callerAnswerOf, type CallerAnswer } from "./plugs/caller-error.js";
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
export {
  previewPlugPurge,
  purgePlug,
  PlugPurgeError,
  type PlugPurgeOptions,
  type PlugPurgePreview,
  type PlugPurgeReport,
} from "./migrations/purge-plug.js";
export { plugExportFormat } from "./migrations/export-plug-data.js";
export { enterPlugRole, plugSchema } from "./migrations/plug-role.js";
export { sqlWithoutNoise } from "./migrations/sql-without-noise.js";
export { runPlugStep, StepFailure, type PlugStepToRun } from "./migrations/run-plug-step.js";

export { readPlugBlock, plugBlockSchema, plugIdPattern, plugIdSchema, type PlugBlock } from "./plug-block.js";
export type { LoadedPlug } from "./plugs/loaded-plug.js";
// Contract types the CLI reads plugs with.
export type { UpgradeStep } from "@care/plug-api";
export * from "./trust/index.js";
// What the admin console's API shows of the plugs, readable by the CLI too (`care status`).
export * from "./admin/index.js";
export type { AdminApiOptions, RunningPlugs } from "./admin/mount-admin-api.js";
