import type { ComponentType } from "react";
import type { PathParamNames } from "./route-call-types.js";
import type { UiRole } from "./ui-user.js";

/** One thing a plug adds to a slot of the web app: a tab, an action, a widget or a page. */
export interface Contribution<P> {
  /** Unique within the plug's slot. */
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

/** The parts of a page's URL its path pattern names: `orders/:orderId` → `orderId`, `files/*` → `*` (the rest of the URL). */
export type PageParams<Path extends string> = Readonly<
  string extends Path ? Record<string, string> : Record<PathParamNames<`/${Path}`> | (Path extends `${string}*` ? "*" : never), string>
>;

/** What a page's component receives: the URL's parts its path pattern names. */
export interface PageProps<Path extends string = string> {
  params: PageParams<Path>;
}

/**
 * A page of the plug's own, at `/plugs/<plugId>/<path>` (or `/admin/plugs/<plugId>/<path>` for an admin page). `path`
 * is a React Router pattern: `queue`, `orders/:orderId`, `files/*`; the most specific of the plug's pages that matches
 * the URL is shown. Declare one with params through `definePage`, which types its component's `params` from `path`.
 */
export type PageContribution<Path extends string = string> = Contribution<PageProps<Path>> & { path: Path };

/**
 * A page whose component reads params: `definePage({ path: "orders/:orderId", component })` checks that the component
 * takes `{ params: { orderId } }`. The slot holds pages of any path, so the exact params are forgotten there.
 */
export function definePage<const Path extends string>(page: PageContribution<Path>): PageContribution {
  return page as unknown as PageContribution;
}

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
