import { describeFailure, startFailure } from "./describe-failure.js";
import type { DeploymentManifest } from "./manifest.js";
import { startDeployment, type RunningDeployment } from "./start.js";
import { checkBundleDigests } from "./trust/bundle-digests.js";
import { webAppFolder } from "./web/web-app-folder.js";

/**
 * A deployment's manifest, or how to load it: `main.ts` passes its folder and a dynamic import of
 * the generated manifest, so that a bundle's plug files are checked before any plug module loads
 * (a static import would run a changed plug's top-level code before the check).
 */
export type ManifestSource = DeploymentManifest | { root: URL; load: () => Promise<{ default: DeploymentManifest }> };

async function loadManifest(source: ManifestSource): Promise<DeploymentManifest> {
  if (!("load" in source)) return source;
  await checkBundleDigests(source.root);
  // Checked once, here: start would hash every plug file again for the manifest's own root.
  const { root: _checked, ...manifest } = (await source.load()).default;
  return manifest;
}

const shutdownTimeoutMs = 15_000;

/**
 * The entry point of a deployment's `main.ts`: starts, then shuts down gracefully on SIGINT or
 * SIGTERM (also when one arrives while still starting). A refusal to start prints its code and what
 * is wrong (no stack trace) and exits 1; a bug prints its stack and says it is one, and exits 70.
 */
export async function runDeployment(source: ManifestSource): Promise<void> {
  let stopping = false;
  // The manifest loses its root once checked (see loadManifest); the web app is found from it here.
  const webDir = "load" in source ? webAppFolder(source.root) : undefined;
  const starting = loadManifest(source).then((manifest) =>
    startDeployment(manifest, webDir === undefined ? {} : { webDir, root: (source as { root: URL }).root }),
  );
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
    let running: RunningDeployment;
    try {
      running = await starting;
    } catch {
      return; // The start failure is reported below.
    }
    try {
      await running.close();
      process.stdout.write("stopped\n");
      // Everything Care holds is closed; a plug's handler stuck on a socket after the drain's limit
      // must not keep the process up until the timer above calls it a failed shutdown.
      process.exit(process.exitCode ?? 0);
    } catch (error) {
      process.stderr.write(`shutdown failed: ${describeFailure(error)}\n`);
      exitNonZero();
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await starting;
  } catch (error) {
    const failure = startFailure(error);
    process.stderr.write(failure.text);
    exitNonZero(failure.exitCode);
    process.removeListener("SIGINT", stop);
    process.removeListener("SIGTERM", stop);
  }
}

/**
 * PGlite's close() runs emscripten's exit, which sets process.exitCode to 0, at times after this
 * code ran: PGlite closes the instance that ran initdb without waiting for it. So the failure's
 * exit code is set again as the process exits.
 */
function exitNonZero(code = 1): void {
  process.exitCode = code;
  process.once("exit", () => {
    process.exitCode = code;
  });
}
