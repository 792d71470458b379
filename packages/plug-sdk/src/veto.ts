import { CareError } from "@care/core";

/**
 * Refuses the write an in-transaction handler runs in: the caller gets 409 with this message
 * (and the field paths, if given) instead of an internal error.
 */
export function veto(message: string, details: Array<{ path: string; message: string }> = []): never {
  throw new CareError("conflict", message, details);
}
