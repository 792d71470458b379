import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { ContributionFrame } from "../slots/contribution-frame.js";
import { useContributionLabel, useSlot } from "../slots/plug-uis-context.js";
import { PlugUiFailuresNotice } from "../slots/plug-ui-failures.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** The first screen after signing in: shortcuts, and the widgets plugs add. */
export function DashboardScreen() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const widgets = useSlot("dashboardWidgets");
  const labelOf = useContributionLabel();
  return (
    <Stack>
      <ScreenTitle>{t("dashboard.title")}</ScreenTitle>
      <PlugUiFailuresNotice />
      <Text>{t("dashboard.welcome", { name: user?.displayName })}</Text>
      <Group>
        <Anchor component={Link} to="/patients">
          {t("dashboard.findPatient")}
        </Anchor>
        <Anchor component={Link} to="/patients/new">
          {t("dashboard.registerPatient")}
        </Anchor>
      </Group>
      {widgets.length > 0 && (
        <section aria-labelledby="dashboard-widgets">
          <Title order={2} id="dashboard-widgets" size="h3" mb="sm">
            {t("dashboard.widgets")}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {widgets.map((widget) => {
              const Widget = widget.contribution.component;
              return (
                <Card key={widget.key} withBorder component="section" aria-label={labelOf(widget)}>
                  <Title order={3} size="h4" mb="xs">
                    {labelOf(widget)}
                  </Title>
                  <ContributionFrame plugId={widget.plugId}>
                    <Widget />
                  </ContributionFrame>
                </Card>
              );
            })}
          </SimpleGrid>
        </section>
      )}
    </Stack>
  );
}
