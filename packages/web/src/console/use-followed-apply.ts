import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError } from "../api/api-error.js";
import { consoleApi } from "./console-api.js";
import { consoleKeys } from "./console-queries.js";

const pollMs = 1500;

/**
 * While the deployment restarts, its API does not answer (the browser gets no answer, or a proxy's
 * 502/503): the apply goes on in the supervisor, so these answers mean "ask again", not "it failed".
 */
export const isRestarting = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.code === "unreadable_answer");

/**
 * Follows one apply until it ends, asking every 1.5 s, through the restart; once it has ended, what
 * it changed (plugs, staged changes, journal, migrations) is asked for again.
 */
export function useFollowedApply(applyId: string | null) {
  const queryClient = useQueryClient();
  const apply = useQuery({
    queryKey: consoleKeys.apply(applyId ?? ""),
    queryFn: () => consoleApi.applyRecord(applyId ?? ""),
    enabled: applyId !== null,
    retry: false,
    // Asked again until it ends; a refusal that is not the restart (403, 404) stops the asking and is shown.
    refetchInterval: ({ state }) =>
      (state.data && state.data.result !== "running") || (state.error && !isRestarting(state.error)) ? false : pollMs,
    refetchIntervalInBackground: true,
  });
  const ended = apply.data !== undefined && apply.data.result !== "running";
  useEffect(() => {
    if (ended) void queryClient.invalidateQueries({ queryKey: consoleKeys.all });
  }, [ended, queryClient]);
  return { ...apply, restarting: !ended && isRestarting(apply.error) };
}

export type FollowedApply = ReturnType<typeof useFollowedApply>;
