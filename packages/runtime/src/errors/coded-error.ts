/**
 * A failure a person can fix, with a stable `code` to look it up by (docs/errors.md) and, when
 * there is one, a `hint` saying what to do. The CLI and the start-up print these as
 * `[code] message` without a stack; anything without a code is reported as a bug in Care.
 * The runtime's older error classes (SettingsError, PlugCheckError, BackupError...) carry a `code`
 * the same way, so callers tell mistakes from bugs by the code, never by the message's words.
 */
export class CodedError extends Error {
  override readonly name: string = "CodedError";
  readonly hint: string | undefined;

  constructor(
    readonly code: string,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Care's codes are snake_case; Node's (ENOENT, ERR_…) and PostgreSQL's SQLSTATEs (42P01) are not. */
const careCodePattern = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** The Care code of an error, from any package or copy of one (no instanceof), or undefined. */
export function careCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === "string" && careCodePattern.test(code) ? code : undefined;
}

/** The hint of a coded error, when it has one. */
export function hintOf(error: unknown): string | undefined {
  const { hint } = (error ?? {}) as { hint?: unknown };
  return typeof hint === "string" && hint ? hint : undefined;
}
