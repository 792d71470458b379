import { redactingLogger } from "@care/runtime/tooling";
import type pino from "pino";
import type { Logger } from "pino";

/**
 * A logger that keeps every line, to assert what was (and never was) logged. It cleans lines of
 * the deployment's secret values as a deployment's own logger does, so a test sees what a site would.
 */
export function captureLogs(level: pino.LevelWithSilent = "debug"): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  return { logger: redactingLogger({ level }, { write: (line: string) => void lines.push(line) }), lines, text: () => lines.join("") };
}
