import { NavLink } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { NavLink as RouterLink, useLocation } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { consoleLinks, isConsoleHome } from "../console/console-nav.js";
import { pageLink } from "../slots/slot-contributions.js";
import { useContributionLabel, useSlot } from "../slots/plug-uis-context.js";

/** The app's navigation: core screens, then the plug pages the user's roles allow, then administration (the console). */
export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { pathname } = useLocation();
  const plugPages = useSlot("pages");
  const labelOf = useContributionLabel();
  const link = (
    to: string,
    label: string,
    exact = false,
    active = exact ? pathname === to : pathname === to || pathname.startsWith(`${to}/`),
  ) => (
    <NavLink
      key={to}
      component={RouterLink}
      to={to}
      end={exact}
      label={label}
      // Filled: white on blue 8/9 is 5:1 and more; the light variant's hover (blue 9 on blue 2) is 4.0:1.
      variant="filled"
      active={active}
      onClick={onNavigate}
    />
  );
  return (
    <>
      {link("/", t("nav.dashboard"), true)}
      {link("/patients", t("nav.patients"), true)}
      {link("/patients/new", t("nav.registerPatient"), true)}
      {link("/facilities", t("nav.facilities"))}
      {plugPages.flatMap((page) => {
        const to = pageLink("/plugs", page);
        return to ? [link(to, labelOf(page))] : [];
      })}
      {user?.roles.includes("admin") && [
        link("/admin", t("nav.admin"), true, isConsoleHome(pathname)),
        ...consoleLinks(t).map(({ to, label }) => link(to, label)),
      ]}
    </>
  );
}
