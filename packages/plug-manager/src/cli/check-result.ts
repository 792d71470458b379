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

/** What a check reports: a coded problem, or (from a check not yet coded) its sentence alone. */
export type CheckFinding = string | { code: string; message: string; hint?: string | undefined; plug?: string | undefined };

/** The code a finding without one is listed under in --json. */
export const uncodedFinding = "check_problem";

export function toCheckEntry(finding: CheckFinding): CheckEntry {
  if (typeof finding === "string") return { code: uncodedFinding, plug: plugNamedIn(finding), message: finding, hint: null };
  return { code: finding.code, plug: finding.plug ?? null, message: finding.message, hint: finding.hint ?? null };
}

/** `[code] message` and the hint on the next line, as the CLI prints a coded error. */
export function describeCheckEntry(entry: CheckEntry): string {
  const text = entry.code === uncodedFinding ? entry.message : `[${entry.code}] ${entry.message}`;
  return entry.hint ? `${text}\n${entry.hint}` : text;
}

/** An uncoded sentence names its plug first ("plug <id>: …") when it is about one. */
function plugNamedIn(message: string): string | null {
  return /^plug ([a-z][a-z0-9_]*)\b/.exec(message)?.[1] ?? null;
}
