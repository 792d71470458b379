import type { OrdersPriority, OrdersStatus, ResultsFlag } from "./tables.generated.js";

/** The values of the tables' checked text columns, for the schemas that accept and answer them. */
export const orderStatuses = ["pending", "resulted", "cancelled"] as const satisfies readonly OrdersStatus[];
export const priorities = ["routine", "urgent"] as const satisfies readonly OrdersPriority[];
export const flags = ["low", "normal", "high", "critical"] as const satisfies readonly ResultsFlag[];
