import type { MessagesStatus } from "./tables.generated.js";

/** How a visit message settled: the values of messages.status. */
export const messageStatuses = ["sent", "rejected", "skipped"] as const satisfies readonly MessagesStatus[];
