import type { PlugHealth } from "@care/core";
import { Gauge, type Registry } from "prom-client";

/**
 * What runs: `care_core_info{version,engine}` and one `care_plug_info{plug,version,state}` a plug,
 * always 1 (join on them in queries, alert on a state). Plug states are read at scrape time, so a
 * plug that failed to start or stop shows it.
 */
export function meterVersions(registry: Registry, core: { version: string; engine: string }, plugs: () => PlugHealth[]): void {
  new Gauge({
    name: "care_core_info",
    help: "The core's version and database engine (pglite or postgres); always 1",
    labelNames: ["version", "engine"],
    registers: [registry],
  }).set({ version: core.version, engine: core.engine }, 1);
  const info: Gauge<"plug" | "version" | "state"> = new Gauge({
    name: "care_plug_info",
    help: "Each plug of the deployment with its installed version and state (installed, started, stopped, failed...); always 1",
    labelNames: ["plug", "version", "state"],
    registers: [registry],
    collect: () => {
      info.reset();
      for (const plug of plugs()) info.set({ plug: plug.id, version: plug.version, state: plug.state }, 1);
    },
  });
}
