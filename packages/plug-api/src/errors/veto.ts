import { markCallerError } from "./caller-error-mark.js";
import type { ErrorDetail } from "./error-detail.js";

/**
 * Refuses the write an in-transaction handler runs in: the caller gets 409 `conflict` with this
 * message (and the field paths, if given) instead of an internal error. A marked Error, not the
 * core's CareError, so the contract needs nothing of the core; both error handlers read the mark.
 */
export function veto(message: string, details: ErrorDetail[] = []): never {
  throw markCallerError(new Error(message), 409, "conflict", details);
}
