/**
 * An error the `care` CLI reports to a person as is: `message` says what is wrong and where,
 * `hint` (when there is one) what to do about it. No stack trace is shown for these.
 */
export class CareCliError extends Error {
  override readonly name = "CareCliError";
  /** What to do about it, e.g. "choose another id, or remove plugs/lab first". */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }

  /** The message and the hint, as the CLI prints them. */
  describe(): string {
    return this.hint ? `${this.message}\n  ${this.hint}` : this.message;
  }
}

export const isCareCliError = (error: unknown): error is CareCliError => error instanceof CareCliError;
