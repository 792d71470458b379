import type { z } from "zod";
import type { PlugRoute } from "../routes/plug-route.js";
import type { PlugDefinition, PlugDefinitionInput } from "./plug-definition.js";
import type { EmptyConfig, OwnSignals } from "./plug-shape.js";

/**
 * Declares a plug with no tables of its own (or none it reads through `context.db`); a plug with
 * tables declares its shape with `plugTypes<{ config; tables; emits }>()` and calls its `define`.
 */
export function definePlug<
  Config extends z.ZodType = EmptyConfig,
  Emits extends OwnSignals = {},
  R extends PlugRoute<{ config: Config; tables: {}; emits: Emits }> = PlugRoute<{ config: Config; tables: {}; emits: Emits }>,
>(
  definition: PlugDefinitionInput<{ config: Config; tables: {}; emits: Emits }, R>,
): PlugDefinition<{ config: Config; tables: {}; emits: Emits }, R> {
  return { ...definition, kind: "care-plug" };
}
