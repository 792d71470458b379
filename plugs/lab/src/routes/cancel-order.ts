import { conflict } from "@care/plug-sdk";
import { sql } from "kysely";
import { z } from "zod";
import { existingId, userIdOf, visibleOrder } from "../access.js";
import { cancelInput } from "../inputs.js";
import { labOrderSchema, toOrder } from "../orders.js";
import { lab } from "../plug.js";

/** POST /api/plugs/lab/orders/:orderId/cancel {reason?} → 200 the cancelled order. Only a pending order. */
export const cancelOrder = lab.route.post(
  "/orders/:orderId/cancel",
  {
    summary: "Cancel a pending lab order, with an optional reason",
    params: z.object({ orderId: z.string() }),
    body: cancelInput,
    responses: { 200: labOrderSchema },
  },
  async ({ params, body, actor }, context) => {
    const orderId = existingId(params.orderId, "lab order");
    const cancelledBy = userIdOf(actor);
    return context.transaction(async (db) => {
      const current = await visibleOrder(db, context.core, orderId, { lock: true });
      if (current.status !== "pending") {
        throw conflict(`lab order ${orderId} is ${current.status}; only a pending order can be cancelled`, [
          { path: "(order)", message: `the order is ${current.status}` },
        ]);
      }
      const row = await db
        .updateTable("orders")
        .set({ status: "cancelled", cancelled_at: sql<Date>`now()`, cancelled_by: cancelledBy, cancel_reason: body.reason ?? null })
        .where("id", "=", orderId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toOrder(row, undefined);
    });
  },
);
