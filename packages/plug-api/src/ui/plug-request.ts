import type { CareUiHost } from "./care-ui-host.js";
import { PlugRequestError } from "./plug-request-error.js";
import { plugRoutePath } from "./plug-route-scope.js";

/** A route call's parts, untyped: what the typed hooks hand to callPlugRoute. */
export interface PlugCallInput {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/**
 * One path segment for `:name`. encodeURIComponent leaves `.` and `..` as they are, and a URL
 * resolves them as steps up, so `{ orderId: ".." }` would leave the route; `/` and `\` would too
 * wherever a server decodes them before routing.
 */
function paramSegment(route: string, name: string, given: string | undefined): string {
  // As text first: plain JavaScript may pass an object whose toString answers "..".
  const value = given === undefined ? undefined : String(given);
  if (value === undefined) throw new PlugRequestError(0, "plug_route_param_missing", `${route} needs params.${name}`);
  if (value === "." || value === ".." || /[/\\]/.test(value)) {
    const rule = 'a param is one path segment, so it may not be "." or ".." nor hold "/" or "\\"';
    throw new PlugRequestError(
      0,
      "plug_route_param_invalid",
      `${route}: params.${name} is ${JSON.stringify(value.slice(0, 100))}; ${rule}`,
    );
  }
  return encodeURIComponent(value);
}

/** `"GET /orders/:orderId"` of plug `lab` with `{ params: { orderId } }` → method and `/api/plugs/lab/orders/<orderId>?…`. */
export function plugRouteRequest(plugId: string, route: string, input: PlugCallInput = {}): { method: string; url: string } {
  const space = route.indexOf(" ");
  const method = route.slice(0, space);
  const path = route.slice(space + 1).replace(/:([A-Za-z_][\w]*)/g, (_, name: string) => paramSegment(route, name, input.params?.[name]));
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
 * body, or undefined when it has none; a refusal throws a PlugRequestError. The URL is checked to be
 * the plug's own even when the host given is not scoped (a test's, say).
 */
export async function callPlugRoute(host: CareUiHost, plugId: string, route: string, input: PlugCallInput = {}): Promise<unknown> {
  const { method, url } = plugRouteRequest(plugId, route, input);
  const path = plugRoutePath(plugId, url);
  const init: RequestInit = { method, headers: { accept: "application/json" } };
  if (input.body !== undefined) {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(input.body);
  }
  let response: Response;
  try {
    response = await host.fetch(path, init);
  } catch (error) {
    if (error instanceof PlugRequestError) throw error;
    throw new PlugRequestError(0, "network_unreachable", `the server could not be reached: ${(error as Error).message}`);
  }
  if (!response.ok) throw await PlugRequestError.fromResponse(response);
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}
