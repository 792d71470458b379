import type { ErrorDetail } from "@care/plug-api";
import type { z } from "zod";

export type { ErrorDetail };

/**
 * A mistake the caller can fix, with what is wrong and where. The HTTP layer answers these
 * with their status and never with a stack trace.
 */
export class CareError extends Error {
  constructor(
    readonly code: "validation_failed" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "illegal_transition",
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "CareError";
  }
}

export const notFound = (what: string, id: string) => new CareError("not_found", `${what} ${id} was not found`);
export const forbidden = (message: string) => new CareError("forbidden", message);
export const conflict = (message: string, details: ErrorDetail[] = []) => new CareError("conflict", message, details);

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(root)";

export function validationFailed(where: string, issues: z.core.$ZodIssue[]): CareError {
  // An unknown key is reported where it is, one detail per key, not once on the object holding it.
  const details = issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: "unknown field; remove it" }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  return new CareError("validation_failed", `invalid ${where}: ${summary}`, details);
}

/** Parses `input` with `schema`, or throws a validation error naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(where, result.error.issues);
  return result.data;
}
