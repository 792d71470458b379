import { plugNamespace } from "@care/plug-api/ui";
import { createContext, useContext, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/auth-context.js";
import { type PlacedContribution, type PlugUiEntry, type SlotName, slotContributions } from "./slot-contributions.js";

/** The deployment's plug screens (from its UI manifest), for every slot of the app. */
export const PlugUisContext = createContext<readonly PlugUiEntry[]>([]);

export const usePlugUis = () => useContext(PlugUisContext);

/** Whether the plug screens have been loaded (PlugUisProvider): until then every slot is empty. */
export const PlugUisReadyContext = createContext(true);

export const usePlugUisReady = () => useContext(PlugUisReadyContext);

/** The contributions to `slot` the signed-in user sees, in order. */
export function useSlot<S extends SlotName>(slot: S): PlacedContribution<S>[] {
  const plugUis = usePlugUis();
  const { user } = useAuth();
  return useMemo(() => slotContributions(plugUis, slot, user?.roles ?? []), [plugUis, slot, user]);
}

/** A contribution's label: a key in its plug's namespace. */
export function useContributionLabel(): (placed: PlacedContribution<SlotName>) => string {
  const { t } = useTranslation();
  return (placed) => t(placed.contribution.label, { ns: plugNamespace(placed.plugId) });
}
