// The plug contract lives in @care/plug-api; the runtime's modules import its types from here.
export type {
  AnyPlugDefinition,
  AnyRouteInput,
  CoreServices,
  InstallHookContext,
  OwnSignals,
  PlugContext,
  PlugDefinition,
  PlugHealthAnswer,
  PlugHooks,
  PlugPackageJson,
  PlugRoute,
  PlugShape,
  SignalHandlerContext,
  SignalSubscription,
  UpgradeStep,
} from "@care/plug-api";
