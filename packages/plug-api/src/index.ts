// The Care plug contract: what a plug is built against, with no runtime inside. Plug authors import
// it through @care/plug-sdk; the runtime implements it. `contractVersion` names this version of it.
export { contractVersion } from "./contract-version.js";

export { definePlug } from "./definition/define-plug.js";
export { plugTypes, type PlugTypeArguments, type PlugTypes } from "./plug-types.js";
export { secret, isMarkedSecret } from "./definition/secret.js";
export { env, isEnvReference, type EnvReference } from "./definition/env.js";
export { plugBlockSchema, plugIdPattern, plugIdSchema, readPlugBlock, type PlugBlock } from "./definition/plug-block.js";
export { coreReadsProblems, grantableCoreColumns, type CoreReads } from "./definition/core-reads.js";
export type { PlugPackageJson } from "./definition/package-json.js";
export type { CompleteShape, ConfigOf, EmptyConfig, OwnSignals, PlugShape } from "./definition/plug-shape.js";
export type { AnyPlugDefinition, PlugConfigInput, PlugDefinition, PlugDefinitionInput } from "./definition/plug-definition.js";
export type { InstallHookContext, PlugHealthAnswer, PlugHooks, UpgradeStep } from "./definition/hooks.js";

// The core's domain as plugs see it: declared here, implemented (and checked against these) by @care/core.
export type { Actor, ActorRef, Role, SystemActor, UserActor } from "./domain/actor.js";
export type { Facility, FacilityCreate, FacilityFilter, FacilityKind, FacilityUpdate } from "./domain/facility.js";
export type { User, UserFilter } from "./domain/user.js";
export type { Patient, PatientCreate, PatientFilter, PatientIdentifier, PatientUpdate, Sex } from "./domain/patient.js";
export type {
  Encounter,
  EncounterCreate,
  EncounterFilter,
  EncounterKind,
  EncounterStatus,
  EncounterUpdate,
} from "./domain/encounter.js";
export type { Page } from "./domain/page.js";
export type { CoreSignalName, CoreSignalPayloads, SignalPayload } from "./signals/core-signals.js";
export type { DeliveryMode } from "./signals/delivery-mode.js";
export type { ErrorDetail } from "./errors/error-detail.js";

export type { PlugContext } from "./context/plug-context.js";
export type { CoreServices, PageQuery } from "./services/core-services.js";
export type { CoreSignalHandlers, SignalHandlerContext, SignalSubscription } from "./signals/signal-subscription.js";

export type { HttpMethod, RouteSchemas } from "./routes/route-schemas.js";
export type { AnyRouteInput, ResponseBody, RouteInput } from "./routes/route-input.js";
export type { ActorOf, DeclaredRoute, PlugRoute, PublicAccess, RouteDeclaration, RouteHandler } from "./routes/plug-route.js";
export type { RouteBuilder, RouteMaker } from "./routes/route-builder.js";

export { markCallerError } from "./errors/caller-error-mark.js";
export { badRequest, conflictError, httpError, notFoundError, unavailable } from "./errors/http-errors.js";
export { veto } from "./errors/veto.js";

// The Kysely types a plug's generated tables (src/tables.generated.ts) and its queries are written with.
export type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from "kysely";
