import type { Problem } from "@care/runtime/check-tooling";

/** One problem or note of `care check`, as --json prints it. */
export interface CheckEntry {
  code: string;
  plug: string | null;
  message: string;
  hint: string | null;
}

/** One deployment's result in `care check --json`. */
export interface DeploymentCheckResult {
  deployment: string;
  ok: boolean;
  problems: CheckEntry[];
  notes: CheckEntry[];
}

export const toCheckEntry = (found: Problem): CheckEntry => ({
  code: found.code,
  plug: found.plug ?? null,
  message: found.message,
  hint: found.hint ?? null,
});

/** `[code] message` and the hint on the next line, as the CLI prints a coded error. */
export const describeCheckEntry = (entry: CheckEntry): string => `[${entry.code}] ${entry.message}${entry.hint ? `\n${entry.hint}` : ""}`;
