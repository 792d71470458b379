import type { SignalPayload } from "@care/plug-sdk";

export type VisitEvent = "encounter.created" | "encounter.closed";

/** The text the patient gets, cut to `maxLength` characters (ending in "…"). */
export function visitMessage(
  event: VisitEvent,
  encounter: Pick<SignalPayload<VisitEvent>["encounter"], "status">,
  facilityName: string,
  maxLength: number,
): string {
  const what =
    event === "encounter.closed"
      ? encounter.status === "cancelled"
        ? "was cancelled"
        : "has ended"
      : encounter.status === "planned"
        ? "is booked"
        : "has started";
  return cut(`Your visit at ${facilityName} ${what}.`, maxLength);
}

function cut(text: string, maxLength: number): string {
  const characters = Array.from(text);
  return characters.length <= maxLength
    ? text
    : `${characters
        .slice(0, maxLength - 1)
        .join("")
        .trimEnd()}…`;
}
