import type { UiUser } from "@care/plug-api/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { whenSessionEnds } from "../api/api-client.js";
import { coreApi } from "../api/core-api.js";
import { sessionToken } from "./session-token.js";

export interface Auth {
  /** The signed-in user; null when nobody is, or while the session is being checked. */
  user: UiUser | null;
  /** True while a stored session is being checked (GET /me). */
  checking: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** Holds the session: the token in sessionStorage, the user from GET /api/v1/me. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(sessionToken.read);
  const me = useQuery({ queryKey: ["me", token], queryFn: coreApi.me, enabled: token !== null, staleTime: Number.POSITIVE_INFINITY });

  const forget = useCallback(() => {
    sessionToken.clear();
    queryClient.clear();
    setToken(null);
  }, [queryClient]);
  useEffect(() => whenSessionEnds(forget), [forget]);

  const auth = useMemo<Auth>(() => {
    const data = token ? me.data : undefined;
    return {
      user: data
        ? { id: data.id, username: data.username, displayName: data.displayName, roles: data.roles, facilityIds: data.facilityIds }
        : null,
      checking: token !== null && me.isPending,
      async signIn(username, password) {
        const answer = await coreApi.login(username, password);
        sessionToken.write(answer.token);
        setToken(answer.token);
      },
      async signOut() {
        // The session is forgotten here even if the server cannot be told (it expires there on its own).
        await coreApi.logout().catch(() => undefined);
        forget();
      },
    };
  }, [token, me.data, me.isPending, forget]);
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
