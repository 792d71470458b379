import type { ColumnType, Kysely } from "kysely";

/** Set by the database (`default now()`) unless given; read back as a Date. */
type DefaultNow = ColumnType<Date, Date | string | undefined, Date | string>;

/** The plug's own tables (schema plug_lab), as its migrations define them at 1.2.0. */
export interface OrdersTable {
  id: string;
  patient_id: string;
  encounter_id: string;
  facility_id: string;
  test_code: string;
  test_name: string;
  status: OrderStatus;
  ordered_by: string;
  ordered_at: DefaultNow;
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  priority: ColumnType<Priority, Priority | undefined, Priority>;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface ResultsTable {
  id: string;
  order_id: string;
  value: string;
  unit: string | null;
  /** numeric: read back as text by the drivers. */
  reference_low: string | number | null;
  reference_high: string | number | null;
  flag: Flag | null;
  recorded_by: string | null;
  recorded_at: DefaultNow;
}

export interface LabDatabase {
  orders: OrdersTable;
  results: ResultsTable;
}

export const orderStatuses = ["pending", "resulted", "cancelled"] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const priorities = ["routine", "urgent"] as const;
export type Priority = (typeof priorities)[number];
export const flags = ["low", "normal", "high", "critical"] as const;
export type Flag = (typeof flags)[number];

/** The plug context's `db` is untyped; this is the same handle (or transaction), typed. */
export const labDb = (db: Kysely<any>): Kysely<LabDatabase> => db as Kysely<LabDatabase>;
