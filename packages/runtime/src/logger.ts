import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

/**
 * JSON lines for log collectors; readable lines when a person watches a terminal.
 * Pretty-printing runs in-process (not as a worker transport) so a bundle needs no extra files.
 */
export function createLogger(level: string, deployment: string): Logger {
  const options = { level, base: { deployment } };
  if (!process.stdout.isTTY) return pino(options);
  return pino(options, pretty({ colorize: true, ignore: "pid,hostname,deployment", translateTime: "HH:MM:ss" }));
}
