import { plugTypes } from "@care/plug-sdk";
import type { notifyConfig } from "./config.js";
import type { PlugTables } from "./tables.generated.js";

/** notify's typed makers: its route and handlers see its config and its messages table. */
export const notify = plugTypes<{ config: typeof notifyConfig; tables: PlugTables }>();
