import type { UiUser } from "@care/plug-api/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { whenSessionEnds } from "../api/api-client.js";
import { coreApi } from "../api/core-api.js";
import { type SessionEnd, sessionEnd } from "./session-end.js";
import { sessionToken } from "./session-token.js";

export interface Auth {
  /** The signed-in user; null when nobody is, or while the session is being checked. */
  user: UiUser | null;
  /** True while a stored session is being checked (GET /me). */
  checking: boolean;
  /** How this tab's last session ended, until someone signs in again; null when none has. */
  sessionEnded: SessionEnd | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** Holds the session: the token in sessionStorage, the user from GET /api/v1/me. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(sessionToken.read);
  const [sessionEnded, setSessionEnded] = useState(sessionEnd.read);
  const me = useQuery({ queryKey: ["me", token], queryFn: coreApi.me, enabled: token !== null, staleTime: Number.POSITIVE_INFINITY });
  // A 401 before anyone was shown signed in is a stale token on arrival, not a session ending under someone's eyes.
  const userShown = useRef(false);
  useEffect(() => {
    userShown.current = me.data !== undefined;
  }, [me.data]);

  const end = useCallback(
    (how: SessionEnd | null) => {
      sessionToken.clear();
      // Nothing the previous user saw may stay in memory for the next one.
      queryClient.clear();
      setToken(null);
      if (how) sessionEnd.write(how);
      setSessionEnded(how);
    },
    [queryClient],
  );
  useEffect(() => whenSessionEnds(() => end(userShown.current ? "expired" : null)), [end]);
  useEffect(() => {
    // Back to a page the browser kept whole (back/forward cache): its memory holds a session this tab has since
    // left; loading it afresh reads the tab's session as it is now.
    const checkRestored = (event: PageTransitionEvent) => {
      if (event.persisted && sessionToken.read() !== token) window.location.reload();
    };
    window.addEventListener("pageshow", checkRestored);
    return () => window.removeEventListener("pageshow", checkRestored);
  }, [token]);

  const auth = useMemo<Auth>(() => {
    const data = token ? me.data : undefined;
    return {
      user: data
        ? { id: data.id, username: data.username, displayName: data.displayName, roles: data.roles, facilityIds: data.facilityIds }
        : null,
      checking: token !== null && me.isPending,
      sessionEnded,
      async signIn(username, password) {
        const answer = await coreApi.login(username, password);
        sessionToken.write(answer.token);
        sessionEnd.clear();
        setSessionEnded(null);
        setToken(answer.token);
      },
      async signOut() {
        // The screen is cleared first, whatever the network does: on a shared computer the last user's patient must not
        // stay up while the server is told. The server is told with the token just forgotten (it expires there anyway).
        const ending = sessionToken.read();
        end("signedOut");
        if (ending) await coreApi.logout(ending).catch(() => undefined);
      },
    };
  }, [token, me.data, me.isPending, sessionEnded, end]);
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
