import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { SecretValues } from "./secrets/secret-values.js";

/** Each logger made here, with the secret values its lines are cleaned of (children share it). */
const redactions = new WeakMap<Logger, SecretValues>();

export interface LoggerOutput {
  /** Where lines go instead of stdout (a test's capture, say). */
  destination?: NodeJS.WritableStream | DestinationStream;
  /** Readable lines rather than JSON; by default, readable when stdout is a terminal. */
  pretty?: boolean;
}

/**
 * JSON lines for log collectors; readable lines when a person watches a terminal.
 * Pretty-printing runs in-process (not as a worker transport) so a bundle needs no extra files;
 * it is loaded only for a terminal, so a service's start-up does not pay for loading it.
 * Every line, at every level and from every child logger, is cleaned of the deployment's secret
 * values (`redactLogsOf`) as the last step before it is written, pretty or not.
 */
export async function createLogger(level: string, deployment: string, output: LoggerOutput = {}): Promise<Logger> {
  const pretty = output.pretty ?? (output.destination === undefined && process.stdout.isTTY === true);
  if (!pretty) return redactingLogger({ level, base: { deployment } }, output.destination ?? pino.destination(1));
  const { default: prettyStream } = await import("pino-pretty");
  const options = { colorize: output.destination === undefined, ignore: "pid,hostname,deployment", translateTime: "HH:MM:ss" };
  return redactingLogger(
    { level, base: { deployment } },
    prettyStream({ ...options, ...(output.destination && { destination: output.destination as NodeJS.WritableStream }) }),
  );
}

/** A JSON-lines logger into `destination` that redacts like createLogger's (the plug test kit's). */
export function redactingLogger(options: LoggerOptions, destination: DestinationStream | NodeJS.WritableStream): Logger {
  const secrets = new SecretValues();
  // pino hands this hook the finished JSON line: a value inside a string is there JSON-escaped, which SecretValues expects.
  const logger = pino(
    { ...options, hooks: { ...options.hooks, streamWrite: (line) => secrets.redact(line) } },
    destination as DestinationStream,
  );
  redactions.set(logger, secrets);
  return logger;
}

/**
 * Adds secret values to what `logger`'s lines are cleaned of. False when the logger was not made
 * here (a caller's own pino): its lines cannot be cleaned, only the config the runtime logs is.
 */
export function redactLogsOf(logger: Logger, values: Iterable<string>): boolean {
  const secrets = redactions.get(logger);
  secrets?.add(values);
  return secrets !== undefined;
}
