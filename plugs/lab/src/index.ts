import manifest from "../package.json" with { type: "json" };
import { labConfig } from "./config.js";
import { lab } from "./plug.js";
import { cancelOrder } from "./routes/cancel-order.js";
import { getOrder } from "./routes/get-order.js";
import { listOpenEncounters } from "./routes/list-open-encounters.js";
import { listPatientOrders } from "./routes/list-patient-orders.js";
import { orderTest } from "./routes/order-test.js";
import { recordResult } from "./routes/record-result.js";
import { labSignals } from "./signals.js";
import { holdEncounterClose } from "./signals/hold-encounter-close.js";

export type { LabConfig } from "./config.js";
export type { LabOrder, LabResult } from "./orders.js";
export type { LabSignals } from "./signals.js";

export default lab.define({
  package: manifest,
  config: labConfig,
  migrations: new URL("../migrations/", import.meta.url),
  emits: labSignals,
  on: { "encounter.closed": holdEncounterClose },
  routes: [orderTest, recordResult, cancelOrder, getOrder, listPatientOrders, listOpenEncounters],
});
