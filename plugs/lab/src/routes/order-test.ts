import { conflict, newId } from "@care/plug-sdk";
import { z } from "zod";
import { existingId, userIdOf } from "../access.js";
import { orderInput } from "../inputs.js";
import { labOrderSchema, toOrder } from "../orders.js";
import { lab } from "../plug.js";

/**
 * POST /api/plugs/lab/encounters/:encounterId/orders {testCode, testName, priority?} → 201 the order.
 * The order takes the encounter's patient and facility; the encounter must still be open.
 */
export const orderTest = lab.route.post(
  "/encounters/:encounterId/orders",
  {
    summary: "Order a lab test for a planned or in-progress encounter",
    params: z.object({ encounterId: z.string() }),
    body: orderInput,
    responses: { 201: labOrderSchema },
  },
  async ({ params, body, actor }, context) => {
    const encounterId = existingId(params.encounterId, "encounter");
    const orderedBy = userIdOf(actor);
    const order = await context.transaction(async (db) => {
      // The core holds the encounter (as the caller sees it) against a concurrent close until this
      // order is committed, so that the close sees it (and is refused) rather than finishing under a
      // new pending order.
      const encounter = await context.core.encounters.holdOpen(encounterId);
      if (encounter.status !== "planned" && encounter.status !== "in_progress") {
        throw conflict(
          `encounter ${encounter.id} is ${encounter.status}; lab tests can only be ordered for a planned or in-progress encounter`,
          [{ path: "encounterId", message: `the encounter is ${encounter.status}` }],
        );
      }
      const row = await db
        .insertInto("orders")
        .values({
          id: newId(),
          patient_id: encounter.patientId,
          encounter_id: encounter.id,
          facility_id: encounter.facilityId,
          test_code: body.testCode,
          test_name: body.testName,
          priority: body.priority,
          status: "pending",
          ordered_by: orderedBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toOrder(row, undefined);
    });
    context.logger.debug({ orderId: order.id, encounterId }, "lab test ordered");
    return order;
  },
);
