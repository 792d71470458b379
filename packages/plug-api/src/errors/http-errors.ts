import type { ErrorDetail } from "./error-detail.js";
import { markCallerError } from "./caller-error-mark.js";

/**
 * The errors a plug's route throws to answer its caller: only these (and the core's CareError,
 * notFound, conflict, forbidden, veto, parseInput) reach the caller with their message. Any other
 * error is logged and answered 500 `plug_error`, since its message may hold anything the plug had
 * at hand. Still, never put a secret in a message: the runtime replaces any it finds with [secret].
 *
 *   throw httpError(429, "provider_quota_exceeded", "the SMS provider's daily quota is used up; try tomorrow")
 */
export function httpError(status: number, code: string, message: string, details: ErrorDetail[] = []): Error {
  return markCallerError(new Error(message), status, code, details);
}

/** 400: the caller's request is wrong; say what, where (details' paths) and how to fix it. */
export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) => httpError(400, code, message, details);

/** 404 with a stable code of the plug's own, e.g. `notFoundError("lab_order_not_found", "lab order 42 was not found")`. */
export const notFoundError = (code: string, message: string) => httpError(404, code, message);

/** 409: the request is right, but the state of things refuses it now. */
export const conflictError = (code: string, message: string, details: ErrorDetail[] = []) => httpError(409, code, message, details);

/** 503: something the plug needs (its provider, say) cannot be reached; the caller may try again later. */
export const unavailable = (code: string, message: string) => httpError(503, code, message);
