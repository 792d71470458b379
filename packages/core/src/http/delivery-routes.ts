import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { deliveryDiscardSchema, deliveryListSchema, deliveryRetrySchema, type DeliveryService } from "../signals/deliveries.js";
import { deliveryActionResultSchema, deliverySchema } from "../signals/schema.js";
import { errorAnswers, pageOf } from "./answer-schemas.js";
import { noQuery } from "./resource-route-options.js";

/**
 * Durable deliveries for administrators (the service checks who asks):
 * `GET /deliveries?plug=&signal=&state=` (states comma-separated; by default every delivery not
 * settled for good), `POST /deliveries/retry {ids | failed: true, plug?, signal?, reason?}` and
 * `POST /deliveries/discard {ids, reason}`. Both actions answer `{items}`, the rows as they are now.
 */
export function deliveryRoutes(app: FastifyInstance, deliveries: DeliveryService): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["deliveries"];
  const access = "Administrators only.";
  api.get(
    "/deliveries",
    {
      schema: {
        summary: "List durable signal deliveries",
        description:
          `${access} Without state, lists every delivery not settled for good (pending, processing, held, failed); ` +
          "state takes a comma-separated list.",
        tags,
        querystring: deliveryListSchema,
        response: { 200: pageOf(deliverySchema).describe("a page of deliveries, oldest first"), ...errorAnswers(400, 401, 403) },
      },
    },
    (request) => deliveries.list(request.actor, request.query),
  );
  api.post(
    "/deliveries/retry",
    {
      schema: {
        summary: "Retry deliveries: the listed ids, or every failed one (of one plug or signal)",
        description: `${access} All or nothing: an unknown id or one in the wrong state changes nothing (409).`,
        tags,
        querystring: noQuery,
        body: deliveryRetrySchema,
        response: { 200: deliveryActionResultSchema.describe("the deliveries retried"), ...errorAnswers(400, 401, 403, 404, 409) },
      },
    },
    (request) => deliveries.retry(request.actor, request.body),
  );
  api.post(
    "/deliveries/discard",
    {
      schema: {
        summary: "Discard deliveries that should never be delivered, saying why",
        description: `${access} The rows stay in the outbox as evidence; all or nothing, as retry.`,
        tags,
        querystring: noQuery,
        body: deliveryDiscardSchema,
        response: { 200: deliveryActionResultSchema.describe("the deliveries discarded"), ...errorAnswers(400, 401, 403, 404, 409) },
      },
    },
    (request) => deliveries.discard(request.actor, request.body),
  );
}
