import { conflict, parseInput, route } from "@care/plug-sdk";
import { sql } from "kysely";
import { idParam, userIdOf, visibleOrder } from "../access.js";
import type { LabConfig } from "../config.js";
import { labDb } from "../db.js";
import { cancelInput } from "../inputs.js";
import { toOrder } from "../orders.js";
import type { LabSignals } from "../signals.js";

/** POST /api/plugs/lab/orders/:orderId/cancel {reason?} → 200 the cancelled order. Only a pending order. */
export const cancelOrder = route.post<LabConfig, LabSignals>("/orders/:orderId/cancel", async (request, _reply, context) => {
  const orderId = idParam(request, "orderId", "lab order");
  const input = parseInput(cancelInput, request.body ?? {}, "lab order cancellation");
  const cancelledBy = userIdOf(request.actor);
  return context.transaction(async (tx) => {
    const db = labDb(tx);
    const current = await visibleOrder(db, context, orderId, { lock: true });
    if (current.status !== "pending") {
      throw conflict(`lab order ${orderId} is ${current.status}; only a pending order can be cancelled`, [
        { path: "(order)", message: `the order is ${current.status}` },
      ]);
    }
    const row = await db
      .updateTable("orders")
      .set({ status: "cancelled", cancelled_at: sql<Date>`now()`, cancelled_by: cancelledBy, cancel_reason: input.reason ?? null })
      .where("id", "=", orderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toOrder(row, undefined);
  });
});
