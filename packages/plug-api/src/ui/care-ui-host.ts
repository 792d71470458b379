import { createContext, useContext } from "react";
import type { UiUser } from "./ui-user.js";

/** What the web app gives plug screens; it renders `<CareUiHostProvider value={host}>` once, around everything. */
export interface CareUiHost {
  /**
   * `fetch` relative to the deployment's origin with the signed-in user's bearer token: it resolves to
   * the Response whatever its status, and rejects only when the server cannot be reached.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  user: UiUser | null;
  /** The language the app shows, e.g. "en" or "fr". */
  locale: string;
}

const CareUiHostContext = createContext<CareUiHost | null>(null);
CareUiHostContext.displayName = "CareUiHost";

export const CareUiHostProvider = CareUiHostContext.Provider;

/** The host the web app provides; throws outside it (a plug screen rendered on its own, say in a test without one). */
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
