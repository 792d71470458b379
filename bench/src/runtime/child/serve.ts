// A child process serving one variant: the composed deployment (startDeployment, as a
// deployment's main.ts runs it) or the hand-wired baseline; for the routes measurement, the composed
// deployment with one core route added (plugged-with-baseline.ts). It says "ready" with its port once it
// serves; the parent times from fork to the first answered request. Runs as plain JS (see compile.ts).
import { startDeployment } from "@care/runtime";
import { startHandWired } from "./hand-wired.js";
import type { ChildMessage, ParentMessage, ServeSpec } from "./protocol.js";

const spec = JSON.parse(process.argv[2]!) as ServeSpec;
const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function start(): Promise<{ port: number; close(): Promise<void> }> {
  if (spec.variant === "hand-wired") return startHandWired(spec.featuresUrl, spec.storage, spec.adminPassword);
  // Loaded only for the routes measurement: the start-up being timed is startDeployment's alone.
  if (spec.coreBaseline) return (await import("./plugged-with-baseline.js")).startPluggedWithBaseline(spec);
  const manifest = (await import(spec.manifestUrl)).default;
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: spec.logLevel,
    CARE_ADMIN_PASSWORD: spec.adminPassword,
    ...(spec.storage.url ? { DATABASE_URL: spec.storage.url } : { CARE_DATA_DIR: spec.storage.dataDir }),
  };
  const running = await startDeployment(manifest, { env, print: () => {} });
  return { port: Number(new URL(running.url).port), close: () => running.close() };
}

const server = await start();
process.on("message", async (message: ParentMessage) => {
  if (message.kind === "memory") {
    await send({ kind: "memory", maxRssBytes: process.resourceUsage().maxRSS * 1024 });
  } else if (message.kind === "stop") {
    await server.close();
    await send({ kind: "stopped" });
    process.disconnect();
  }
});
await send({ kind: "ready", port: server.port });
