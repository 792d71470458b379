import { z } from "zod";
import { existingId } from "../access.js";
import { listQuery } from "../inputs.js";
import { labOrderSchema, withResults } from "../orders.js";
import { lab } from "../plug.js";

/**
 * GET /api/plugs/lab/patients/:patientId/orders[?status=pending&encounterId=...] → {items}: the
 * patient's orders with their results, newest first. Only for staff who may see the patient.
 */
export const listPatientOrders = lab.route.get(
  "/patients/:patientId/orders",
  {
    summary: "A patient's lab orders with their results, newest first",
    params: z.object({ patientId: z.string() }),
    query: listQuery,
    responses: { 200: z.object({ items: z.array(labOrderSchema) }) },
  },
  async ({ params, query }, context) => {
    const patientId = existingId(params.patientId, "patient");
    // The core service applies facility scoping: another facility's patient is "not found".
    const patient = await context.core.patients.get(patientId);
    let select = context.db.selectFrom("orders").selectAll().where("patient_id", "=", patient.id);
    if (query.status) select = select.where("status", "=", query.status);
    if (query.encounterId) select = select.where("encounter_id", "=", query.encounterId);
    const orders = await select.orderBy("ordered_at", "desc").orderBy("id", "desc").execute();
    return { items: await withResults(context.db, orders) };
  },
);
