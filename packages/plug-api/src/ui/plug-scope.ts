import { createContext, createElement, useContext, type JSX, type ReactNode } from "react";

const PlugScopeContext = createContext<string | null>(null);
PlugScopeContext.displayName = "PlugScope";

/** The i18next namespace of a plug's translations. */
export const plugNamespace = (plugId: string): string => `plug.${plugId}`;

/** The web app renders each contribution inside it: the plug's hooks call its routes and read its translations. */
export function PlugScope(props: { plugId: string; children?: ReactNode }): JSX.Element {
  return createElement(PlugScopeContext.Provider, { value: props.plugId }, props.children);
}

/** The id of the plug whose screen this is. */
export function usePlugId(): string {
  const plugId = useContext(PlugScopeContext);
  if (!plugId) throw new Error("no PlugScope around this screen: the web app renders each plug's contribution inside one");
  return plugId;
}
