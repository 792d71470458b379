import type { Contribution, PlugUi, UiRole } from "@care/plug-api/ui";

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

/** A page's path without the slashes around it, as it appears after /plugs/<plugId>/. */
export const pagePath = (path: string): string => path.replace(/^\/+|\/+$/g, "");

/** The page of `plugId` at `path` (the part of the URL after /plugs/<plugId>/), if the user may see it. */
export function findPage<S extends "pages" | "adminPages">(
  plugUis: readonly PlugUiEntry[],
  slot: S,
  roles: readonly UiRole[],
  plugId: string,
  path: string,
): PlacedContribution<S> | undefined {
  const wanted = pagePath(path);
  return slotContributions(plugUis, slot, roles).find(
    (placed) => placed.plugId === plugId && pagePath((placed.contribution as { path: string }).path) === wanted,
  );
}
