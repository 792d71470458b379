/**
 * The TanStack Query key of a plug's route call: every query of plug `lab` starts with
 * `["care-plug", "lab"]`, which is what a mutation refetches.
 */
export const plugQueryKey = (plugId: string, route?: string, input?: unknown): unknown[] =>
  route === undefined ? ["care-plug", plugId] : ["care-plug", plugId, route, input ?? {}];
