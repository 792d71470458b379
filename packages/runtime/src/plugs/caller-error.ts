import { CareError, careErrorStatus, type ErrorDetail } from "@care/core";

/**
 * The mark on an error meant for the caller: its status, code and message are answered as they are.
 * A registered symbol, so errors made by another copy of the SDK or the core are recognised too
 * (instanceof fails across copies). The core's error handler reads the same key
 * (core/src/http/errors.ts), so the mark also holds for a plug's handler inside a core route.
 */
const callerErrorMark = Symbol.for("care.callerError");

export interface CallerAnswer {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

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

/**
 * What to answer the caller for `error`, or undefined when it is not meant for them (then it is a
 * failure: logged, and answered without its message). Meant for them: a marked error, or a
 * CareError (the core's refusals, and the SDK's notFound, conflict, veto and parseInput).
 */
export function callerAnswerOf(error: unknown): CallerAnswer | undefined {
  if (!(error instanceof Error)) return undefined;
  const mark = (error as { [callerErrorMark]?: Omit<CallerAnswer, "message"> })[callerErrorMark];
  if (mark) return { ...mark, message: error.message };
  if (error instanceof CareError)
    return { status: careErrorStatus[error.code], code: error.code, message: error.message, details: error.details };
  return undefined;
}
