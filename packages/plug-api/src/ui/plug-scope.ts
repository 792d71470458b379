import { createContext, createElement, useContext, useMemo, type JSX, type ReactNode } from "react";
import { CareUiHostContext } from "./care-ui-host.js";
import { scopeHostToPlug } from "./plug-route-scope.js";

const PlugScopeContext = createContext<string | null>(null);
PlugScopeContext.displayName = "PlugScope";

/** The i18next namespace of a plug's translations. */
export const plugNamespace = (plugId: string): string => `plug.${plugId}`;

/**
 * The web app renders each contribution inside it: the plug's hooks call its routes and read its
 * translations, and the host its screens see (useCareHost) reaches only `/api/plugs/<plugId>/`.
 * It narrows the CareUiHostProvider around it, so that provider belongs outside.
 */
export function PlugScope(props: { plugId: string; children?: ReactNode }): JSX.Element {
  const host = useContext(CareUiHostContext);
  const scoped = useMemo(() => host && scopeHostToPlug(host, props.plugId), [host, props.plugId]);
  return createElement(
    PlugScopeContext.Provider,
    { value: props.plugId },
    createElement(CareUiHostContext.Provider, { value: scoped }, props.children),
  );
}

/** The id of the plug whose screen this is. */
export function usePlugId(): string {
  const plugId = useContext(PlugScopeContext);
  if (!plugId) throw new Error("no PlugScope around this screen: the web app renders each plug's contribution inside one");
  return plugId;
}
