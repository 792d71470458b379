import { conflict, newId, parseInput, route } from "@care/plug-sdk";
import { idParam, userIdOf, visibleOrder } from "../access.js";
import type { LabConfig } from "../config.js";
import { labDb } from "../db.js";
import { flagOf, resultInput } from "../inputs.js";
import { toOrder } from "../orders.js";
import type { LabSignals } from "../signals.js";

/**
 * POST /api/plugs/lab/orders/:orderId/result {value, unit?, referenceRange?: {low?, high?}, flag?}
 * → 201 the order, now resulted, with its result. One result per order; it emits lab.result_recorded.
 */
export const recordResult = route.post<LabConfig, LabSignals>("/orders/:orderId/result", async (request, reply, context) => {
  const orderId = idParam(request, "orderId", "lab order");
  const input = parseInput(resultInput, request.body ?? {}, "lab result");
  const recordedBy = userIdOf(request.actor);
  const order = await context.transaction(async (tx) => {
    const db = labDb(tx);
    const current = await visibleOrder(db, context, orderId, { lock: true });
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
        value: input.value,
        unit: input.unit ?? null,
        reference_low: input.referenceRange?.low ?? null,
        reference_high: input.referenceRange?.high ?? null,
        flag: flagOf(input),
        recorded_by: recordedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const updated = await db.updateTable("orders").set({ status: "resulted" }).where("id", "=", orderId).returningAll().executeTakeFirstOrThrow();
    const answer = toOrder(updated, result);
    await context.emit("result_recorded", {
      orderId,
      patientId: answer.patientId,
      encounterId: answer.encounterId,
      facilityId: answer.facilityId,
      testCode: answer.testCode,
      testName: answer.testName,
      value: answer.result!.value,
      unit: answer.result!.unit,
      flag: answer.result!.flag,
      recordedBy,
      recordedAt: answer.result!.recordedAt,
    });
    return answer;
  });
  return reply.status(201).send(order);
});
