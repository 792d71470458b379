import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from "@tanstack/react-query";
import { useCareHost } from "./care-ui-host.js";
import { callPlugRoute, type PlugCallInput } from "./plug-request.js";
import type { PlugRequestError } from "./plug-request-error.js";
import { plugQueryKey } from "./plug-query-key.js";
import { usePlugId } from "./plug-scope.js";
import type { PlugMutationRoute, PlugQueryRoute, PlugRouteArgs, PlugRouteInput, PlugRouteResponse } from "./route-call-types.js";

export type PlugQueryOptions<Data> = Omit<UseQueryOptions<Data, PlugRequestError>, "queryKey" | "queryFn">;

export type PlugMutationOptions<Data, Input> = Omit<UseMutationOptions<Data, PlugRequestError, PlugMutationInput<Input>>, "mutationFn"> & {
  /** Refetch the plug's queries once the call succeeded (before `onSuccess`); true unless set to false. */
  refetchPlugQueries?: boolean;
};

/** What `mutate` takes: the route's input, which may be left out when it needs none. */
// biome-ignore lint/suspicious/noConfusingVoidType: TanStack's mutate() may be called without an argument only when its variables are void.
export type PlugMutationInput<Input> = {} extends Input ? Input | void : Input;

/** Typed hooks for one plug's own routes, from its definition's type: `plugClient<typeof plug>()`. */
export interface PlugClient<T> {
  /** Reads a GET route: `usePlugQuery("GET /patients/:patientId/orders", { params: { patientId } })`. */
  usePlugQuery<K extends PlugQueryRoute<T>>(
    route: K,
    ...args: PlugRouteArgs<PlugRouteInput<T, K>, [options?: PlugQueryOptions<PlugRouteResponse<T, K>>]>
  ): UseQueryResult<PlugRouteResponse<T, K>, PlugRequestError>;
  /** Calls a POST, PUT, PATCH or DELETE route with `mutate(input)`; the plug's queries are refetched after. */
  usePlugMutation<K extends PlugMutationRoute<T>>(
    route: K,
    options?: PlugMutationOptions<PlugRouteResponse<T, K>, PlugRouteInput<T, K>>,
  ): UseMutationResult<PlugRouteResponse<T, K>, PlugRequestError, PlugMutationInput<PlugRouteInput<T, K>>>;
}

/** A transient failure (no answer, or a 5xx) is tried twice more; a refusal, the server's or the browser's (status 0 too), is not. */
const retryTransient = (failures: number, error: PlugRequestError) =>
  (error.code === "network_unreachable" || error.status >= 500) && failures < 2;

function usePlugQuery(route: string, input?: PlugCallInput, options?: PlugQueryOptions<unknown>) {
  const host = useCareHost();
  const plugId = usePlugId();
  return useQuery<unknown, PlugRequestError>({
    retry: retryTransient,
    ...options,
    queryKey: plugQueryKey(plugId, route, input),
    queryFn: () => callPlugRoute(host, plugId, route, input),
  });
}

function usePlugMutation(route: string, options: PlugMutationOptions<unknown, PlugCallInput> = {}) {
  const host = useCareHost();
  const plugId = usePlugId();
  const queryClient = useQueryClient();
  const { refetchPlugQueries = true, onSuccess, ...rest } = options;
  return useMutation<unknown, PlugRequestError, PlugMutationInput<PlugCallInput>>({
    ...rest,
    mutationFn: (input) => callPlugRoute(host, plugId, route, input ?? {}),
    onSuccess: async (...args) => {
      if (refetchPlugQueries) await queryClient.invalidateQueries({ queryKey: plugQueryKey(plugId) });
      return onSuccess?.(...args);
    },
  });
}

/**
 * The plug's typed hooks. Its screens import the definition's type only, so no server code is bundled:
 *
 *   import type plug from "../index.js";
 *   export const { usePlugQuery, usePlugMutation } = plugClient<typeof plug>();
 */
export function plugClient<T>(): PlugClient<T> {
  return { usePlugQuery, usePlugMutation } as unknown as PlugClient<T>;
}
