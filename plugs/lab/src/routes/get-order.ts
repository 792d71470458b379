import { z } from "zod";
import { existingId, visibleOrder } from "../access.js";
import { labOrderSchema, toOrder } from "../orders.js";
import { lab } from "../plug.js";

/** GET /api/plugs/lab/orders/:orderId → the order with its result, if the caller may see its encounter. */
export const getOrder = lab.route.get(
  "/orders/:orderId",
  {
    summary: "A lab order with its result, for staff who may see its encounter",
    params: z.object({ orderId: z.string() }),
    responses: { 200: labOrderSchema },
  },
  async ({ params }, context) => {
    const orderId = existingId(params.orderId, "lab order");
    const order = await visibleOrder(context.db, context.core, orderId);
    const result = await context.db.selectFrom("results").selectAll().where("order_id", "=", order.id).executeTakeFirst();
    return toOrder(order, result);
  },
);
