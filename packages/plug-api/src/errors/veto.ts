import { CareError, type ErrorDetail } from "@care/core";

/**
 * Refuses the write an in-transaction handler runs in: the caller gets 409 with this message
 * (and the field paths, if given) instead of an internal error.
 */
export function veto(message: string, details: ErrorDetail[] = []): never {
  throw new CareError("conflict", message, details);
}
