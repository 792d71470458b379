import pino, { type Logger } from "pino";

/**
 * JSON lines for log collectors; readable lines when a person watches a terminal.
 * Pretty-printing runs in-process (not as a worker transport) so a bundle needs no extra files;
 * it is loaded only for a terminal, so a service's start-up does not pay for loading it.
 */
export async function createLogger(level: string, deployment: string): Promise<Logger> {
  const options = { level, base: { deployment } };
  if (!process.stdout.isTTY) return pino(options);
  const { default: pretty } = await import("pino-pretty");
  return pino(options, pretty({ colorize: true, ignore: "pid,hostname,deployment", translateTime: "HH:MM:ss" }));
}
