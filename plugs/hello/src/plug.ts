import { plugTypes } from "@care/plug-sdk";
import type { helloConfig } from "./config.js";
import type { PlugTables } from "./tables.generated.js";

/** hello's typed makers: its routes, handlers and definition see its config and tables. */
export const hello = plugTypes<{ config: typeof helloConfig; tables: PlugTables }>();
