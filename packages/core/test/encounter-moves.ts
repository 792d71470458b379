import { encounterStatuses, type EncounterStatus } from "../src/index.js";

/** The moves an encounter may make, written out here (not read from the service) so the tests check the service. */
export const legalMoves: Array<[EncounterStatus, EncounterStatus]> = [
  ["planned", "in_progress"],
  ["planned", "cancelled"],
  ["in_progress", "finished"],
  ["in_progress", "cancelled"],
];

/** Every other move between two different statuses: each is refused as illegal_transition, a status added later included. */
export const illegalMoves: Array<[EncounterStatus, EncounterStatus]> = encounterStatuses.flatMap((from) =>
  encounterStatuses
    .filter((to) => to !== from && !legalMoves.some(([legalFrom, legalTo]) => legalFrom === from && legalTo === to))
    .map((to): [EncounterStatus, EncounterStatus] => [from, to]),
);
