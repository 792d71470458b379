import { Anchor, List, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PlugsTable } from "../console/plugs-table.js";
import { pageLink } from "../slots/slot-contributions.js";
import { PlugUiFailuresNotice } from "../slots/plug-ui-failures.js";
import { useContributionLabel, useSlot } from "../slots/plug-uis-context.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** Administration, the console's home: every plug of the deployment, then the plugs' admin pages (administrators only). */
export function AdminScreen() {
  const { t } = useTranslation();
  // A page whose path needs params (`orders/:orderId`) is reached from the plug's own screens, not listed here.
  const pages = useSlot("adminPages").flatMap((page) => {
    const to = pageLink("/admin/plugs", page);
    return to ? [{ page, to }] : [];
  });
  const labelOf = useContributionLabel();
  return (
    <Stack>
      <ScreenTitle>{t("admin.title")}</ScreenTitle>
      <PlugUiFailuresNotice />
      <PlugsTable />
      <section aria-labelledby="admin-plug-pages">
        <Title order={2} size="h3" id="admin-plug-pages" mb="xs">
          {t("admin.plugPages")}
        </Title>
        {pages.length === 0 ? (
          <Text>{t("admin.noPlugPages")}</Text>
        ) : (
          <nav aria-labelledby="admin-plug-pages">
            <List>
              {pages.map(({ page, to }) => (
                <List.Item key={page.key}>
                  <Anchor component={Link} to={to}>
                    {labelOf(page)}
                  </Anchor>{" "}
                  <Text span size="sm">
                    {t("admin.fromPlug", { plug: page.plugId })}
                  </Text>
                </List.Item>
              ))}
            </List>
          </nav>
        )}
      </section>
    </Stack>
  );
}
