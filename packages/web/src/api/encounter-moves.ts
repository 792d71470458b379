import type { EncounterStatus } from "@care/core";

/**
 * The status moves the API allows from each status (the core's encounters/status.ts): the encounter
 * page offers only these. The API still checks; a refused move shows its illegal_transition answer.
 */
export const encounterMoves: Record<EncounterStatus, readonly EncounterStatus[]> = {
  planned: ["in_progress", "cancelled"],
  in_progress: ["finished", "cancelled"],
  finished: [],
  cancelled: [],
};
