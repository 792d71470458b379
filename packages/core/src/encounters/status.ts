import { CareError } from "../errors.js";
import type { EncounterStatus } from "./schema.js";

/** The legal moves of an encounter; finished and cancelled are final. */
const nextStatuses: Record<EncounterStatus, readonly EncounterStatus[]> = {
  planned: ["in_progress", "cancelled"],
  in_progress: ["finished", "cancelled"],
  finished: [],
  cancelled: [],
};

export const isClosed = (status: EncounterStatus) => status === "finished" || status === "cancelled";

export function assertTransition(from: EncounterStatus, to: EncounterStatus): void {
  if (nextStatuses[from].includes(to)) return;
  const allowed = nextStatuses[from];
  throw new CareError(
    "illegal_transition",
    `an encounter that is ${from} cannot become ${to}` +
      (allowed.length ? `; it can become ${allowed.join(" or ")}` : `; ${from} is final`),
    [{ path: "status", message: `${from} → ${to} is not allowed` }],
  );
}
