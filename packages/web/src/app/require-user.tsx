import type { UiRole } from "@care/plug-api/ui";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { PageLoader } from "../layout/page-loader.js";
import { NotFoundScreen } from "./lazy-screens.js";

/**
 * Shows its screens only to a signed-in user (with `requiredRole`, if given); anyone else goes to the sign-in
 * screen. The API refuses them anyway: this only spares a useless screen.
 */
export function RequireUser({ requiredRole, children }: { requiredRole?: UiRole; children: ReactNode }) {
  const { user, checking, sessionEnded } = useAuth();
  const location = useLocation();
  if (checking) return <PageLoader />;
  if (!user) return <Navigate to={signInPath(sessionEnded, location.pathname + location.search)} replace />;
  if (requiredRole && !user.roles.includes(requiredRole)) return <NotFoundScreen />;
  return children;
}

/**
 * Someone arriving without a session comes back to the page they asked for once signed in. After a session
 * ended in this tab, the sign-in screen is plain: on a shared clinic computer the next person signing in must
 * not be sent to the page (a patient, say) the previous user had open.
 */
const signInPath = (sessionEnded: string | null, here: string) => (sessionEnded ? "/login" : `/login?next=${encodeURIComponent(here)}`);
