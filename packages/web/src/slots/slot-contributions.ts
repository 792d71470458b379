import type { Contribution, PlugUi, UiRole } from "@care/plug-api/ui";
import { generatePath, matchRoutes } from "react-router";

/** One plug's screens, as the deployment's UI manifest lists them. */
export interface PlugUiEntry {
  plugId: string;
  ui: PlugUi;
}

/** The slots of the app a plug can fill, by their field in PlugUi. */
export type SlotName = "patientTabs" | "encounterActions" | "dashboardWidgets" | "pages" | "adminPages";

/** What a slot holds: the contribution's own type (with `path` for pages). */
export type SlotItem<S extends SlotName> = NonNullable<PlugUi[S]>[number];

/** A contribution with the plug it comes from: its label is a key in that plug's namespace `plug.<plugId>`. */
export interface PlacedContribution<S extends SlotName> {
  plugId: string;
  contribution: SlotItem<S>;
  /** Unique within the slot: `<plugId>.<id>`. */
  key: string;
}

const byPlacement = (a: PlacedContribution<SlotName>, b: PlacedContribution<SlotName>) =>
  (a.contribution.order ?? 0) - (b.contribution.order ?? 0) ||
  a.plugId.localeCompare(b.plugId) ||
  a.contribution.id.localeCompare(b.contribution.id);

/** Whether someone with `roles` sees the contribution: no `roles` on it means every signed-in user. */
export const mayShow = (contribution: Pick<Contribution<never>, "roles">, roles: readonly UiRole[]): boolean =>
  !contribution.roles || contribution.roles.some((role) => roles.includes(role));

/**
 * The contributions to one slot the user's roles allow, in display order: ascending `order`
 * (absent counts as 0), ties by plug id, then by the contribution's id.
 */
export function slotContributions<S extends SlotName>(
  plugUis: readonly PlugUiEntry[],
  slot: S,
  roles: readonly UiRole[],
): PlacedContribution<S>[] {
  const placed = plugUis.flatMap(({ plugId, ui }) =>
    ((ui[slot] ?? []) as SlotItem<S>[])
      .filter((contribution) => mayShow(contribution, roles))
      .map((contribution): PlacedContribution<S> => ({ plugId, contribution, key: `${plugId}.${contribution.id}` })),
  );
  return placed.sort(byPlacement);
}

/** A page found for a URL: which page, and the parts of the URL its path pattern names. */
export interface FoundPage<S extends "pages" | "adminPages"> {
  page: PlacedContribution<S>;
  params: Record<string, string>;
}

/**
 * The page of `plugId` whose path pattern matches `path` (the part of the URL after /plugs/<plugId>/), if the user may
 * see it. React Router's ranking picks among the plug's pages, so `orders/new` wins over `orders/:orderId`.
 */
export function findPage<S extends "pages" | "adminPages">(
  plugUis: readonly PlugUiEntry[],
  slot: S,
  roles: readonly UiRole[],
  plugId: string,
  path: string,
): FoundPage<S> | undefined {
  const pages = slotContributions(plugUis, slot, roles).filter((placed) => placed.plugId === plugId);
  const routes = pages.map((placed) => ({ path: (placed.contribution as { path: string }).path }));
  const [match] = matchRoutes(routes, `/${path.replace(/^\/+/, "")}`) ?? [];
  const page = match && pages[routes.indexOf(match.route)];
  if (!match || !page) return undefined;
  const params = Object.fromEntries(Object.entries(match.params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { page, params };
}

/**
 * Where a link to the page goes (`<base>/<plugId>/<path>`), or undefined for a page whose path needs params: only the
 * plug's own screens can link to `orders/:orderId`. A splat page (`files/*`) is linked at its start.
 */
export function pageLink(base: string, placed: PlacedContribution<"pages" | "adminPages">): string | undefined {
  try {
    return generatePath(`${base}/${placed.plugId}/${placed.contribution.path.replace(/^\/+/, "")}`, {});
  } catch {
    return undefined;
  }
}
