import { CareError } from "@care/core";
import type { DeploymentManifest } from "./manifest.js";
import { startDeployment, type RunningDeployment } from "./start.js";

const shutdownTimeoutMs = 15_000;

/**
 * The entry point of a deployment's `main.ts`: starts, then shuts down gracefully on SIGINT or
 * SIGTERM. A failure to start prints what is wrong (no stack trace) and exits non-zero.
 */
export async function runDeployment(manifest: DeploymentManifest): Promise<void> {
  let running: RunningDeployment;
  try {
    running = await startDeployment(manifest);
  } catch (error) {
    process.stderr.write(`Care could not start: ${describe(error)}\n`);
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: finishing requests in flight and signal deliveries, then stopping\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${shutdownTimeoutMs / 1000} s; exiting\n`);
      process.exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    try {
      await running.close();
      process.stdout.write("stopped\n");
    } catch (error) {
      process.stderr.write(`shutdown failed: ${describe(error)}\n`);
      process.exitCode = 1;
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function describe(error: unknown): string {
  if (error instanceof CareError || error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
