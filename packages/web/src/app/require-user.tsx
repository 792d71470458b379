import type { UiRole } from "@care/plug-api/ui";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { PageLoader } from "../layout/page-loader.js";
import { NotFoundScreen } from "./lazy-screens.js";

/**
 * Shows its screens only to a signed-in user (with `requiredRole`, if given); anyone else goes to the sign-in
 * screen, which comes back here afterwards. The API refuses them anyway: this only spares a useless screen.
 */
export function RequireUser({ requiredRole, children }: { requiredRole?: UiRole; children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <PageLoader />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (requiredRole && !user.roles.includes(requiredRole)) return <NotFoundScreen />;
  return children;
}
