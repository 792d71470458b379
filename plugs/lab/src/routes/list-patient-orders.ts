import { parseInput, route } from "@care/plug-sdk";
import { idParam } from "../access.js";
import type { LabConfig } from "../config.js";
import { labDb } from "../db.js";
import { listQuery } from "../inputs.js";
import { withResults } from "../orders.js";
import type { LabSignals } from "../signals.js";

/**
 * GET /api/plugs/lab/patients/:patientId/orders[?status=pending&encounterId=...] → {items}: the
 * patient's orders with their results, newest first. Only for staff who may see the patient.
 */
export const listPatientOrders = route.get<LabConfig, LabSignals>("/patients/:patientId/orders", async (request, _reply, context) => {
  const patientId = idParam(request, "patientId", "patient");
  const query = parseInput(listQuery, request.query ?? {}, "lab order list query");
  // The core service applies facility scoping: another facility's patient is "not found".
  const patient = await context.core.patients.get(patientId);
  const db = labDb(context.db);
  let select = db.selectFrom("orders").selectAll().where("patient_id", "=", patient.id);
  if (query.status) select = select.where("status", "=", query.status);
  if (query.encounterId) select = select.where("encounter_id", "=", query.encounterId);
  const orders = await select.orderBy("ordered_at", "desc").orderBy("id", "desc").execute();
  return { items: await withResults(db, orders) };
});
