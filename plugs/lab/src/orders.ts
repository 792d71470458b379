import type { Kysely, Selectable } from "kysely";
import type { Flag, LabDatabase, OrderStatus, OrdersTable, Priority, ResultsTable } from "./db.js";

export interface LabResult {
  id: string;
  value: string;
  unit: string | null;
  referenceRange: { low: number | null; high: number | null } | null;
  flag: Flag | null;
  /** Null for results moved from lab 1.0.0, which did not record who entered them. */
  recordedBy: string | null;
  recordedAt: string;
}

/** A lab order as the routes answer it, with its result once there is one. */
export interface LabOrder {
  id: string;
  patientId: string;
  encounterId: string;
  facilityId: string;
  testCode: string;
  testName: string;
  priority: Priority;
  status: OrderStatus;
  orderedBy: string;
  orderedAt: string;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  result: LabResult | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

export function toResult(row: Selectable<ResultsTable>): LabResult {
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

export function toOrder(row: Selectable<OrdersTable>, result: Selectable<ResultsTable> | undefined): LabOrder {
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
export async function withResults(db: Kysely<LabDatabase>, orders: Selectable<OrdersTable>[]): Promise<LabOrder[]> {
  if (orders.length === 0) return [];
  const results = await db
    .selectFrom("results")
    .selectAll()
    .where("order_id", "in", orders.map((order) => order.id))
    .execute();
  const byOrder = new Map(results.map((result) => [result.order_id, result]));
  return orders.map((order) => toOrder(order, byOrder.get(order.id)));
}
