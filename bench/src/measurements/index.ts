import type { Measurement } from "../measurement.js";
import { startup } from "./startup.js";
import { memory } from "./memory.js";
import { coreWrites } from "./core-writes.js";
import { routes } from "./routes.js";
import { checkAndManifest } from "./check-and-manifest.js";
import { installVersusChain } from "./install-versus-chain.js";
import { turboBuilds } from "./turbo-builds.js";
import { durableDelivery } from "./durable-delivery.js";
import { providerDelivery } from "./provider-delivery.js";
import { loginFlood } from "./login-flood.js";
import { cliSpeed } from "./cli-speed.js";
import { devReload } from "../dev-reload.js";
import { webSize } from "./web-size.js";

/** In the order of the table. */
export const measurements: Measurement[] = [
  startup,
  memory,
  coreWrites,
  routes,
  checkAndManifest,
  installVersusChain,
  turboBuilds,
  durableDelivery,
  providerDelivery,
  loginFlood,
  cliSpeed,
  devReload,
  webSize,
];
