/**
 * One problem found by a check (plugs, configs, migration chains): structured, so the CLI decides
 * what is an error and what a note by its code and severity, and `--json` prints it as it is.
 */
export interface Problem {
  code: string;
  /** What is wrong and where, e.g. "plug lab: config units: Invalid option: expected one of …". */
  message: string;
  /** What to do about it, when the message does not already say it. */
  hint?: string;
  /** The id of the plug it is about, when it is about one. */
  plug?: string;
  /** `note`: what could not be checked here (a secret's variable this environment lacks); not a failure. */
  severity: "error" | "note";
}

export const problem = (code: string, message: string, extra: Partial<Omit<Problem, "code" | "message">> = {}): Problem => ({
  code,
  message,
  severity: "error",
  ...extra,
});

/** A problem as the CLI prints it: `[code] message`, and its hint on the next line. */
export const describeProblem = (found: Pick<Problem, "code" | "message" | "hint">): string =>
  `[${found.code}] ${found.message}${found.hint ? `\n  ${found.hint}` : ""}`;
