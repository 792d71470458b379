import { createContext, useContext } from "react";
import type { UiUser } from "./ui-user.js";

/**
 * What the web app gives plug screens; it renders `<CareUiHostProvider value={host}>` once, around
 * everything, and each plug's `PlugScope` narrows it to that plug's own routes.
 */
export interface CareUiHost {
  /**
   * `fetch` relative to the deployment's origin with the signed-in user's bearer token: it resolves to
   * the Response whatever its status, and rejects only when the server cannot be reached. Inside a
   * PlugScope it reaches only `/api/plugs/<plugId>/`; any other URL rejects with a PlugRequestError
   * (`plug_ui_route_outside_plug`) before anything is sent.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  user: UiUser | null;
  /** The language the app shows, e.g. "en" or "fr". */
  locale: string;
}

/** Not exported to plugs: PlugScope provides the narrowed host through it. */
export const CareUiHostContext = createContext<CareUiHost | null>(null);
CareUiHostContext.displayName = "CareUiHost";

export const CareUiHostProvider = CareUiHostContext.Provider;

/**
 * The host as this screen may use it: inside a PlugScope, its fetch reaches only the plug's own routes.
 * Throws outside a CareUiHostProvider (a plug screen rendered on its own, say in a test without one).
 */
export function useCareHost(): CareUiHost {
  const host = useContext(CareUiHostContext);
  if (!host) throw new Error("no CareUiHostProvider around this screen: plug screens run inside the Care web app");
  return host;
}

/** The signed-in user; throws when nobody is signed in (plug screens are only shown to signed-in users). */
export function useCareUser(): UiUser {
  const { user } = useCareHost();
  if (!user) throw new Error("nobody is signed in: plug screens are only shown to signed-in users");
  return user;
}
