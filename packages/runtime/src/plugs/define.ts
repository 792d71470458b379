import { z } from "zod";
import type {
  HttpMethod,
  OwnSignals,
  PlugDefinition,
  PlugDefinitionInput,
  PlugRoute,
  RouteHandler,
  RouteOptions,
} from "./definition.js";

const emptyConfig = z.object({});

/** Declares a plug; its default export is what a deployment's manifest imports. */
export function definePlug<ConfigSchema extends z.ZodType = typeof emptyConfig, Emits extends OwnSignals = {}>(
  definition: PlugDefinitionInput<ConfigSchema, Emits>,
): PlugDefinition<ConfigSchema, Emits> {
  return { ...definition, kind: "care-plug" };
}

const routeOf =
  (method: HttpMethod) =>
  <Config, Emits extends OwnSignals = OwnSignals>(
    path: string,
    handler: RouteHandler<Config, Emits>,
    options?: RouteOptions<Config, Emits>,
  ): PlugRoute<Config, Emits> => ({ method, path, handler, ...(options && { options }) });

/** Route helpers: `route.get("/results/:patientId", handler)`; paths are relative to `/api/plugs/<id>`. */
export const route = {
  get: routeOf("GET"),
  post: routeOf("POST"),
  put: routeOf("PUT"),
  patch: routeOf("PATCH"),
  delete: routeOf("DELETE"),
};
