import type { ErrorDetail } from "./errors.js";

/**
 * A refusal with its own HTTP status and stable code, for answers outside `CareError`'s fixed set:
 * throttled or locked logins (429, with when to retry), a full hashing line (503), a weak
 * password (400). The HTTP layer answers it in the core's error shape, never with a stack trace.
 */
export class CareRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Whole seconds until a retry can succeed; sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "CareRefusal";
  }
}

/** "12 seconds", "1 minute": said the way an operator reads it in a message. */
export function spokenSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
