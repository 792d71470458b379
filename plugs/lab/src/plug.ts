import { plugTypes } from "@care/plug-sdk";
import type { labConfig } from "./config.js";
import type { labSignals } from "./signals.js";
import type { PlugTables } from "./tables.generated.js";

/** lab's typed makers: its routes and handlers see its config, its tables and the signals it emits. */
export const lab = plugTypes<{ config: typeof labConfig; tables: PlugTables; emits: typeof labSignals }>();
