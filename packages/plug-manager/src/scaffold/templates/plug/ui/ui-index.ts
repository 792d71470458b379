import type { PlugNames } from "../../../names.js";

/** src/ui/index.tsx: the plug's screens, as the deployment's web app takes them (care.plug.ui "./ui"). */
export const uiIndex = (plug: PlugNames): string => `import { defineUi } from "@care/plug-sdk/ui";
import { lazy } from "react";
import { en, fr } from "./translations.js";

/**
 * ${plug.id}'s screens: a tab on the patient page. Each screen loads only when shown (lazy); its texts
 * are keys of the translations below (namespace plug.${plug.id}). Other slots: encounterActions,
 * dashboardWidgets, pages and adminPages (see @care/plug-sdk/ui's PlugUi).
 */
export default defineUi({
  translations: { en, fr },
  patientTabs: [{ id: "notes", label: "tab", order: 50, component: lazy(() => import("./patient-notes-tab.js")) }],
});
`;
