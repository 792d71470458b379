import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, Histogram, type Registry } from "prom-client";

/** Routes that are not counted as API calls: the scrape itself (Prometheus records its own `up` and scrape duration). */
export const unmeteredRoutes = new Set(["/metrics"]);

const plugRoute = /^\/api\/plugs\/([^/]+)/;

/**
 * Counts every request and times it, by the route's pattern (`/api/v1/patients/:id`, never the URL
 * the caller sent, so a scanner probing random paths adds no series), method, status and the plug a
 * route under `/api/plugs/<id>/` belongs to. A request that matches no route counts as `(unmatched)`.
 */
export function meterHttp(app: FastifyInstance, registry: Registry): void {
  const labelNames = ["method", "route", "plug", "status"] as const;
  const requests = new Counter({
    name: "care_http_requests_total",
    help: "HTTP requests answered, by route pattern, method, status code and plug (empty for the core's routes)",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "care_http_request_duration_seconds",
    help: "Time from receiving a request to sending its response, by route pattern, method, status class (2xx, 4xx...) and plug",
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = routeOf(request);
    if (unmeteredRoutes.has(route)) return;
    const plug = plugRoute.exec(route)?.[1] ?? "";
    const method = methodOf(request.method);
    requests.inc({ method, route, plug, status: String(reply.statusCode) });
    duration.observe({ method, route, plug, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });
}

function routeOf(request: FastifyRequest): string {
  // Only a matched route has a pattern; the not-found handler's request has none (or Fastify's catch-all "*").
  const url = request.routeOptions.url;
  return url === undefined || url === "*" || url === "/*" ? "(unmatched)" : url;
}

/** Methods are few, but a client may send any token as one: unknown ones share a label. */
const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
function methodOf(method: string): string {
  return knownMethods.has(method) ? method : "OTHER";
}
