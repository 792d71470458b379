import type { Problem } from "@care/runtime/check-tooling";

const optionalString = (value: unknown) => value === undefined || typeof value === "string";

/** Whether a value read back from a cache file is a list of problems as `care check` reports them. */
export function isProblemList(value: unknown): value is Problem[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: Partial<Record<keyof Problem, unknown>> | null) =>
        typeof item === "object" &&
        item !== null &&
        typeof item.code === "string" &&
        typeof item.message === "string" &&
        (item.severity === "error" || item.severity === "note") &&
        optionalString(item.plug) &&
        optionalString(item.hint),
    )
  );
}
