import type { CareUiHost } from "./care-ui-host.js";
import { PlugRequestError } from "./plug-request-error.js";

/** A route call's parts, untyped: what the typed hooks hand to callPlugRoute. */
export interface PlugCallInput {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** `"GET /orders/:orderId"` of plug `lab` with `{ params: { orderId } }` → method and `/api/plugs/lab/orders/<orderId>?…`. */
export function plugRouteRequest(plugId: string, route: string, input: PlugCallInput = {}): { method: string; url: string } {
  const space = route.indexOf(" ");
  const method = route.slice(0, space);
  const path = route.slice(space + 1).replace(/:([A-Za-z_][\w]*)/g, (_, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error(`${route} needs params.${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const query = search.toString();
  return { method, url: `/api/plugs/${plugId}${path}${query ? `?${query}` : ""}` };
}

/**
 * Calls one of a plug's routes through the host (the signed-in user's token) and answers its JSON
 * body, or undefined when it has none; a refusal throws a PlugRequestError.
 */
export async function callPlugRoute(host: CareUiHost, plugId: string, route: string, input: PlugCallInput = {}): Promise<unknown> {
  const { method, url } = plugRouteRequest(plugId, route, input);
  const init: RequestInit = { method, headers: { accept: "application/json" } };
  if (input.body !== undefined) {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(input.body);
  }
  let response: Response;
  try {
    response = await host.fetch(url, init);
  } catch (error) {
    throw new PlugRequestError(0, "network_unreachable", `the server could not be reached: ${(error as Error).message}`);
  }
  if (!response.ok) throw await PlugRequestError.fromResponse(response);
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}
