import type { FastifyInstance } from "fastify";
import type { DeliveryService } from "../signals/deliveries.js";

/**
 * Durable deliveries for administrators (the service checks who asks):
 * `GET /deliveries?plug=&signal=&state=` (states comma-separated; by default every delivery not
 * settled for good), `POST /deliveries/retry {ids | failed: true, plug?, signal?, reason?}` and
 * `POST /deliveries/discard {ids, reason}`. Both actions answer `{items}`, the rows as they are now.
 */
export function deliveryRoutes(app: FastifyInstance, deliveries: DeliveryService): void {
  app.get("/deliveries", (request) => deliveries.list(request.actor, request.query as never));
  app.post("/deliveries/retry", (request) => deliveries.retry(request.actor, (request.body ?? {}) as never));
  app.post("/deliveries/discard", (request) => deliveries.discard(request.actor, (request.body ?? {}) as never));
}
