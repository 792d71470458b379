import { defineUi } from "@care/plug-sdk/ui";
import { lazy } from "react";
import { en, fr } from "./translations.js";

/** hello's screens: a dashboard widget and a page of its own, each loaded when shown. */
export default defineUi({
  translations: { en, fr },
  dashboardWidgets: [{ id: "greetings", label: "widget", order: 50, component: lazy(() => import("./greetings-widget.js")) }],
  pages: [{ id: "greetings", path: "greetings", label: "page", component: lazy(() => import("./greetings-page.js")) }],
});
