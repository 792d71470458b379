export {
  adminConfigEntrySchema,
  adminPlugDetailSchema,
  adminPlugSchema,
  migrationStepSchema,
  type AdminConfigEntry,
  type AdminPlug,
  type AdminPlugDetail,
  type AdminPlugMetadata,
  type MigrationStep,
} from "./admin-plug-schemas.js";
export { readBundleRecords, type BundledPlugRecord, type BundleRecords } from "./bundle-records.js";
export { readAdminPlug, readAdminPlugs, type AdminSource } from "./read-admin-plugs.js";
export { readMigrationHistory } from "./migration-history.js";
