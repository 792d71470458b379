import { Anchor, List, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PlugsTable } from "../console/plugs-table.js";
import { pagePath } from "../slots/slot-contributions.js";
import { useContributionLabel, useSlot } from "../slots/plug-uis-context.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** Administration, the console's home: every plug of the deployment, then the plugs' admin pages (administrators only). */
export function AdminScreen() {
  const { t } = useTranslation();
  const pages = useSlot("adminPages");
  const labelOf = useContributionLabel();
  return (
    <Stack>
      <ScreenTitle>{t("admin.title")}</ScreenTitle>
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
              {pages.map((page) => (
                <List.Item key={page.key}>
                  <Anchor component={Link} to={`/admin/plugs/${page.plugId}/${pagePath(page.contribution.path)}`}>
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
