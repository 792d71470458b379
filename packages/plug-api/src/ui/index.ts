// The Care web interface contract: what a plug's screens are built with (through @care/plug-sdk/ui)
// and what the web app (@care/web) provides. React, TanStack Query and react-i18next are peers: the
// web app supplies one copy of each. Nothing here is loaded by the backend entry.
export type { UiRole, UiUser } from "./ui-user.js";
export { definePage, defineUi, type Contribution, type PageContribution, type PageParams, type PageProps, type PlugUi } from "./plug-ui.js";
export { CareUiHostProvider, useCareHost, useCareUser, type CareUiHost } from "./care-ui-host.js";
export { PlugScope, plugNamespace, usePlugId } from "./plug-scope.js";
export { usePlugTranslation, type PlugTranslation } from "./plug-translation.js";
export { PlugRequestError, type PlugUiErrorCode } from "./plug-request-error.js";
export { callPlugRoute, plugRouteRequest, type PlugCallInput } from "./plug-request.js";
export { plugQueryKey } from "./plug-query-key.js";
export {
  plugClient,
  type PlugClient,
  type PlugMutationInput,
  type PlugMutationOptions,
  type PlugQueryOptions,
} from "./plug-client.js";
export type {
  PathParamNames,
  PlugMutationRoute,
  PlugQueryRoute,
  PlugRouteArgs,
  PlugRouteInput,
  PlugRouteResponse,
  PlugRouteTable,
} from "./route-call-types.js";
