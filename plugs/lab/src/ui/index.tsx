import { defineUi } from "@care/plug-sdk/ui";
import { lazy } from "react";
import { en, fr } from "./translations.js";

/** lab's screens: a tab on the patient page, and ordering a test from an encounter's page (each loaded when shown). */
export default defineUi({
  translations: { en, fr },
  patientTabs: [{ id: "orders", label: "tab", order: 10, component: lazy(() => import("./patient-orders-tab.js")) }],
  encounterActions: [
    {
      id: "order",
      label: "action",
      order: 10,
      component: lazy(() => import("./encounter-order-action.js")),
    },
  ],
});
