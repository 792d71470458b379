import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * The zod schemas of one route. The runtime parses params, query and body with them before the
 * handler (400 `validation_failed` naming each bad field), answers through the response schema of
 * the status (unknown keys dropped), and lists them in the deployment's OpenAPI document.
 */
export interface RouteSchemas {
  /** The `:name` parts of the path; values arrive as strings. */
  params?: z.ZodType;
  /** Made strict: an unknown query parameter is refused. A route without it accepts none. */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status → the schema of its body. The single 2xx status is the route's; with several, the handler sets one. */
  responses: { [status: number]: z.ZodType };
}
