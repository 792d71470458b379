import { conflict, newId } from "@care/plug-sdk";
import { z } from "zod";
import { existingId, userIdOf, visibleOrder } from "../access.js";
import { flagOf, resultInput } from "../inputs.js";
import { labOrderSchema, toOrder } from "../orders.js";
import { lab } from "../plug.js";

/**
 * POST /api/plugs/lab/orders/:orderId/result {value, unit?, referenceRange?: {low?, high?}, flag?}
 * → 201 the order, now resulted, with its result. One result per order; it emits lab.result_recorded.
 */
export const recordResult = lab.route.post(
  "/orders/:orderId/result",
  {
    summary: "Record the result of a pending lab order (emits lab.result_recorded)",
    params: z.object({ orderId: z.string() }),
    body: resultInput,
    responses: { 201: labOrderSchema },
  },
  async ({ params, body, actor }, context) => {
    const orderId = existingId(params.orderId, "lab order");
    const recordedBy = userIdOf(actor);
    return context.transaction(async (db) => {
      const current = await visibleOrder(db, context.core, orderId, { lock: true });
      if (current.status !== "pending") {
        throw conflict(`lab order ${orderId} is ${current.status}; only a pending order can be resulted`, [
          { path: "(order)", message: current.status === "resulted" ? "this order already has a result" : "this order was cancelled" },
        ]);
      }
      const result = await db
        .insertInto("results")
        .values({
          id: newId(),
          order_id: orderId,
          value: body.value,
          unit: body.unit ?? null,
          reference_low: body.referenceRange?.low ?? null,
          reference_high: body.referenceRange?.high ?? null,
          flag: flagOf(body),
          recorded_by: recordedBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const updated = await db
        .updateTable("orders")
        .set({ status: "resulted" })
        .where("id", "=", orderId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const answer = toOrder(updated, result);
      await context.emit("result_recorded", {
        orderId,
        patientId: answer.patientId,
        encounterId: answer.encounterId,
        facilityId: answer.facilityId,
        testCode: answer.testCode,
        testName: answer.testName,
        value: result.value,
        unit: result.unit,
        flag: result.flag,
        recordedBy,
        recordedAt: result.recorded_at.toISOString(),
      });
      return answer;
    });
  },
);
