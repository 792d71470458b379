import type { Kysely, Selectable } from "@care/plug-sdk";
import { z } from "zod";
import type { OrdersRow, PlugTables, ResultsRow } from "./tables.generated.js";
import { flags, orderStatuses, priorities } from "./vocabulary.js";

/** A recorded result, as the routes answer it. */
export const labResultSchema = z.object({
  id: z.uuid(),
  value: z.string(),
  unit: z.string().nullable(),
  referenceRange: z.object({ low: z.number().nullable(), high: z.number().nullable() }).nullable(),
  flag: z.enum(flags).nullable(),
  /** Null for results moved from lab 1.0.0, which did not record who entered them. */
  recordedBy: z.uuid().nullable(),
  recordedAt: z.iso.datetime(),
});
export type LabResult = z.output<typeof labResultSchema>;

/** A lab order as the routes answer it, with its result once there is one. */
export const labOrderSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  encounterId: z.uuid(),
  facilityId: z.uuid(),
  testCode: z.string(),
  testName: z.string(),
  priority: z.enum(priorities),
  status: z.enum(orderStatuses),
  orderedBy: z.uuid(),
  orderedAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().nullable(),
  cancelledBy: z.uuid().nullable(),
  cancelReason: z.string().nullable(),
  result: labResultSchema.nullable(),
});
export type LabOrder = z.output<typeof labOrderSchema>;

const iso = (value: Date) => value.toISOString();
const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

export function toResult(row: Selectable<ResultsRow>): LabResult {
  const low = numberOrNull(row.reference_low);
  const high = numberOrNull(row.reference_high);
  return {
    id: row.id,
    value: row.value,
    unit: row.unit,
    referenceRange: low === null && high === null ? null : { low, high },
    flag: row.flag,
    recordedBy: row.recorded_by,
    recordedAt: iso(row.recorded_at),
  };
}

export function toOrder(row: Selectable<OrdersRow>, result: Selectable<ResultsRow> | undefined): LabOrder {
  return {
    id: row.id,
    patientId: row.patient_id,
    encounterId: row.encounter_id,
    facilityId: row.facility_id,
    testCode: row.test_code,
    testName: row.test_name,
    priority: row.priority,
    status: row.status,
    orderedBy: row.ordered_by,
    orderedAt: iso(row.ordered_at),
    cancelledAt: row.cancelled_at === null ? null : iso(row.cancelled_at),
    cancelledBy: row.cancelled_by,
    cancelReason: row.cancel_reason,
    result: result ? toResult(result) : null,
  };
}

/** Orders with their results, in one query for the results. */
export async function withResults(db: Kysely<PlugTables>, orders: Selectable<OrdersRow>[]): Promise<LabOrder[]> {
  if (orders.length === 0) return [];
  const results = await db
    .selectFrom("results")
    .selectAll()
    .where(
      "order_id",
      "in",
      orders.map((order) => order.id),
    )
    .execute();
  const byOrder = new Map(results.map((result) => [result.order_id, result]));
  return orders.map((order) => toOrder(order, byOrder.get(order.id)));
}
