import { conflict, newId, parseInput, route } from "@care/plug-sdk";
import { idParam, userIdOf } from "../access.js";
import type { LabConfig } from "../config.js";
import { labDb } from "../db.js";
import { orderInput } from "../inputs.js";
import { toOrder } from "../orders.js";
import type { LabSignals } from "../signals.js";

/**
 * POST /api/plugs/lab/encounters/:encounterId/orders {testCode, testName, priority?} → 201 the order.
 * The order takes the encounter's patient and facility; the encounter must still be open.
 */
export const orderTest = route.post<LabConfig, LabSignals>("/encounters/:encounterId/orders", async (request, reply, context) => {
  const encounterId = idParam(request, "encounterId", "encounter");
  const input = parseInput(orderInput, request.body ?? {}, "lab order");
  const orderedBy = userIdOf(request.actor);
  const order = await context.transaction(async (tx) => {
    const db = labDb(tx);
    // The core holds the encounter (as the caller sees it) against a concurrent close until this
    // order is committed, so that the close sees it (and is refused) rather than finishing under a
    // new pending order.
    const encounter = await context.core.encounters.holdOpen(encounterId);
    if (encounter.status !== "planned" && encounter.status !== "in_progress") {
      throw conflict(`encounter ${encounter.id} is ${encounter.status}; lab tests can only be ordered for a planned or in-progress encounter`, [
        { path: "encounterId", message: `the encounter is ${encounter.status}` },
      ]);
    }
    const row = await db
      .insertInto("orders")
      .values({
        id: newId(),
        patient_id: encounter.patientId,
        encounter_id: encounter.id,
        facility_id: encounter.facilityId,
        test_code: input.testCode,
        test_name: input.testName,
        priority: input.priority,
        status: "pending",
        ordered_by: orderedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toOrder(row, undefined);
  });
  context.logger.debug({ orderId: order.id, encounterId }, "lab test ordered");
  return reply.status(201).send(order);
});
