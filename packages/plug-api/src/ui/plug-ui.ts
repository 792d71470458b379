import type { ComponentType } from "react";
import type { UiRole } from "./ui-user.js";

/** One thing a plug adds to a slot of the web app: a tab, an action, a widget or a page. */
export interface Contribution<P> {
  /** Unique within the plug. */
  id: string;
  /** An i18n key in the plug's own namespace (`plug.<plugId>`), from its `translations`. */
  label: string;
  /** Ascending; ties are ordered by plug id, then id. */
  order?: number;
  /** Who sees it; absent, every signed-in user. */
  roles?: UiRole[];
  /** Use `lazy(() => import("./orders-tab.js"))` so that its code loads only when it is shown. */
  component: ComponentType<P>;
}

/** A page of the plug's own, at `/plugs/<plugId>/<path>` (or `/admin/plugs/<plugId>/<path>` for an admin page). */
export type PageContribution = Contribution<Record<string, never>> & { path: string };

/** What a plug's `src/ui/index.tsx` exports by default: its contributions to the web app's slots. */
export interface PlugUi {
  /** i18next resources by locale (`en`, `fr`): loaded into the namespace `plug.<plugId>`. */
  translations?: Record<string, Record<string, unknown>>;
  patientTabs?: Contribution<{ patientId: string }>[];
  encounterActions?: Contribution<{ encounterId: string; patientId: string }>[];
  dashboardWidgets?: Contribution<Record<string, never>>[];
  pages?: PageContribution[];
  adminPages?: PageContribution[];
}

/** Declares a plug's web interface; it returns what it is given, typed. */
export function defineUi(ui: PlugUi): PlugUi {
  return ui;
}
