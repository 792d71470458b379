import pino, { type Logger } from "pino";

/** A logger that keeps every line, to assert what was (and never was) logged. */
export function captureLogs(level: pino.LevelWithSilent = "debug"): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  return { logger: pino({ level }, { write: (line: string) => void lines.push(line) }), lines, text: () => lines.join("") };
}
