import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The deployment's process under `care dev`, started ahead of time: it loads the runtime (Fastify,
 * Kysely, PGlite's module…) while the previous process still serves, then starts the deployment's
 * dist/main.js (fresh plug code, in a fresh process) when `care dev` sends "start". Its folder is
 * the deployment's, as with `pnpm start`.
 */
const preloaded = import("@care/runtime").catch(() => undefined);
let started = false;

process.on("message", (message) => {
  if (message !== "start" || started) return;
  started = true;
  // The channel must not keep a deployment that failed to start alive.
  process.channel?.unref();
  void preloaded.then(() => import(pathToFileURL(join(process.cwd(), "dist", "main.js")).href));
});

// `care dev` gone without stopping it (killed): stop as on SIGTERM, so the port and data folder are freed.
process.on("disconnect", () => {
  if (started) process.kill(process.pid, "SIGTERM");
  else process.exit(0);
});
