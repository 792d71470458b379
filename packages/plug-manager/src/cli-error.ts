/**
 * An error the `care` CLI reports to a person as is: `message` says what is wrong and where,
 * `hint` (when there is one) what to do about it, `code` what to look it up by (docs/errors.md;
 * listed in src/errors/catalogue.ts). No stack trace is shown for these; an error without a code
 * is reported as a bug in Care (src/errors/report-failure.ts).
 */
export class CareCliError extends Error {
  override readonly name = "CareCliError";
  /** What to do about it, e.g. "choose another id, or remove plugs/lab first". */
  readonly hint: string | undefined;
  /** A stable code to look the error up by (e.g. `plug_unsigned`); scripts may match on it, not on the text. */
  readonly code: string | undefined;
  /** The plug the message is about and names already ("plug lab: ..."), so a list of problems does not name it twice. */
  readonly plug: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown; code?: string; plug?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
    this.code = options.code;
    this.plug = options.plug;
  }

  /** The code, the message and the hint, as the CLI prints them. */
  describe(): string {
    const text = this.code ? `[${this.code}] ${this.message}` : this.message;
    return this.hint ? `${text}\n  ${this.hint}` : text;
  }
}

export const isCareCliError = (error: unknown): error is CareCliError => error instanceof CareCliError;
