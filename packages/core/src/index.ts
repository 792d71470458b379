export { createCore, type Core, type CoreOptions } from "./core.js";
export { coreVersion } from "./version.js";

export { openDatabase, redactUrl, type CareDatabase, type DatabaseOptions } from "./db/open.js";
export { createServerPool, type ServerPoolOptions } from "./db/server/server-pool.js";
export { DataFolderError, isDataFolderError, type DataFolderProblem } from "./db/embedded/data-folder-error.js";
export { dumpEmbedded, restoreEmbedded, syncFolder } from "./db/embedded/embedded-backup.js";
export { isDatabaseUnavailable } from "./db/database-unavailable.js";
export { createScratchDatabase, openScratchDatabase, type ScratchDatabase } from "./db/scratch.js";
export {
  appliedCoreMigrations,
  applyCoreMigrations,
  latestCoreMigration,
  lockDeploymentSchema,
  migrateCore,
  pendingCoreMigrations,
  type MigrationReport,
} from "./db/migrate.js";
export type { CoreDatabase } from "./db/tables.js";
export type { UnitOfWork, Write } from "./db/unit-of-work.js";

export { roles, systemActor, isAdmin, type Actor, type ActorRef, type Role } from "./actor.js";
export { CareError, conflict, forbidden, notFound, parseInput, type ErrorDetail } from "./errors.js";
export { CareRefusal } from "./refusal.js";
export { assertStrongPassword, minimumPasswordLength, passwordWeakness } from "./users/password-policy.js";
export type { LoginProtectionOptions } from "./auth/login-protection-options.js";
export type { HashLineCounts } from "./auth/hash-line.js";
export type { LoginOrigin } from "./auth/sessions.js";
export type { Page } from "./pagination.js";

export { facilityKinds, type Facility, type FacilityCreate, type FacilityUpdate, type FacilityFilter } from "./facilities/schema.js";
export type { User, UserCreate, UserUpdate, UserFilter } from "./users/schema.js";
export {
  sexes,
  type Patient,
  type PatientCreate,
  type PatientUpdate,
  type PatientFilter,
  type PatientIdentifier,
} from "./patients/schema.js";
export {
  encounterKinds,
  encounterStatuses,
  type Encounter,
  type EncounterCreate,
  type EncounterUpdate,
  type EncounterFilter,
  type EncounterStatus,
} from "./encounters/schema.js";
export type { FacilityService } from "./facilities/service.js";
export type { UserService } from "./users/service.js";
export type { PatientService } from "./patients/service.js";
export type { EncounterService } from "./encounters/service.js";
export type { AdminBootstrap } from "./users/bootstrap-admin.js";

export {
  coreSignals,
  actorRefSchema,
  isCoreSignal,
  type CoreSignals,
  type CoreSignalName,
  type SignalPayload,
} from "./signals/core-signals.js";
export {
  deliveryModes,
  type DeliveryMode,
  type SignalContext,
  type SignalHandler,
  type SubscribeOptions,
  type Subscription,
} from "./signals/subscription.js";
export type { SignalBus } from "./signals/bus.js";
export { newId } from "./ids.js";
export type { Dispatcher, DispatcherOptions } from "./signals/dispatcher.js";
export {
  DeliveryService,
  actorName,
  deliveryStates,
  unsettledStates,
  type Delivery,
  type DeliveryAction,
  type DeliveryActionResult,
  type DeliveryDiscard,
  type DeliveryFilter,
  type DeliveryRetry,
  type DeliveryState,
} from "./signals/deliveries.js";
export { holdAndReleaseDeliveries, type HoldOutcome, type HoldPlan } from "./signals/held-deliveries.js";

export { buildHttpApp, type HttpOptions, type PlugHealth } from "./http/app.js";
export type { LoginRateLimitOptions } from "./http/login-rate-limits.js";
export type { ReadinessCheck } from "./http/health.js";
export { careErrorStatus, errorBody, type ErrorBody } from "./http/errors.js";
