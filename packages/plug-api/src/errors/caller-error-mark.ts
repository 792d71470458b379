import type { ErrorDetail } from "./error-detail.js";

/**
 * The mark on an error meant for the caller: its status, code and message are answered as they are.
 * A registered symbol, so the runtime and the core's error handler recognise it whichever copy of
 * this package made the error (instanceof fails across copies).
 */
const callerErrorMark = Symbol.for("care.callerError");

const codePattern = /^[a-z][a-z0-9_]*$/;

/** Marks `error` as meant for the caller with `status` and `code`; a wrong status or code is a bug in the plug, said at once. */
export function markCallerError<E extends Error>(error: E, status: number, code: string, details: ErrorDetail[] = []): E {
  if (!Number.isInteger(status) || status < 400 || status > 599 || status === 500) {
    throw new TypeError(`an HTTP error's status is 400-599 other than 500 (an unexpected failure is a thrown Error), not ${status}`);
  }
  if (!codePattern.test(code))
    throw new TypeError(`an HTTP error's code is lower case letters, digits and '_' (like "quota_exceeded"), not "${code}"`);
  Object.defineProperty(error, callerErrorMark, { value: { status, code, details }, enumerable: false });
  return error;
}
