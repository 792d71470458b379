import type { TFunction } from "i18next";

/** The console's screens besides its home (/admin), in the order the navigation lists them, for administrators. */
export const consoleLinks = (t: TFunction): { to: string; label: string }[] => [
  { to: "/admin/changes", label: t("console.nav.changes") },
  { to: "/admin/deliveries", label: t("console.nav.deliveries") },
  { to: "/admin/migrations", label: t("console.nav.migrations") },
  { to: "/admin/users", label: t("console.nav.users") },
];

/** The console's home entry stays lit on a plug's page and on plugs' admin pages, not on the other console screens. */
export const isConsoleHome = (pathname: string): boolean => pathname === "/admin" || /^\/admin\/plugs?\//.test(pathname);
