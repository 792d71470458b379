import { AppShell, Burger, Button, Group, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { LanguageSwitcher } from "../i18n/language-switcher.js";
import { MainNav } from "./main-nav.js";
import { PageLoader } from "./page-loader.js";
import { SkipLink } from "./skip-link.js";

/** The frame of every signed-in screen: header (language, user, sign out), navigation, and the screen. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const [navOpen, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !navOpen } }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={navOpen} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.toggle")} />
            <Text fw={700} size="lg">
              {t("app.name")}
            </Text>
          </Group>
          <Group wrap="nowrap" gap="sm">
            <LanguageSwitcher />
            <Text size="sm">{user?.displayName}</Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              {t("auth.signOut")}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("nav.label")}>
        <MainNav onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
