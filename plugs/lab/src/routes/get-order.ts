import { route } from "@care/plug-sdk";
import { idParam, visibleOrder } from "../access.js";
import type { LabConfig } from "../config.js";
import { labDb } from "../db.js";
import { withResults } from "../orders.js";
import type { LabSignals } from "../signals.js";

/** GET /api/plugs/lab/orders/:orderId → the order with its result, if the caller may see its encounter. */
export const getOrder = route.get<LabConfig, LabSignals>("/orders/:orderId", async (request, _reply, context) => {
  const orderId = idParam(request, "orderId", "lab order");
  const db = labDb(context.db);
  const [order] = await withResults(db, [await visibleOrder(db, context, orderId)]);
  return order;
});
