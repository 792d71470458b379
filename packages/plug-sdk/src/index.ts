// What a plug author imports. The runtime executes plugs, so it owns the contract; this package
// is the stable face of it for authors, plus the test kit at `@care/plug-sdk/testing`.
export {
  definePlug,
  route,
  secret,
  plugBlockSchema,
  plugIdPattern,
  plugIdSchema,
  readPlugBlock,
  type AnyPlugDefinition,
  type CoreServices,
  type InstallHookContext,
  type PlugBlock,
  type PlugContext,
  type PlugDefinition,
  type PlugHooks,
  type PlugPackageJson,
  type PlugRequest,
  type PlugRoute,
  type RouteHandler,
  type RouteOptions,
  type SignalHandlerContext,
  type SignalSubscription,
  type UpgradeStep,
} from "@care/runtime";
export { CareError, newId, type Actor, type CoreSignalName, type DeliveryMode, type SignalPayload } from "@care/core";
export { veto } from "./veto.js";
