import { Anchor, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ScreenTitle } from "../layout/screen-title.js";

/** A path that is no screen, or a plug page this user may not see. */
export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <Stack>
      <ScreenTitle>{t("notFound.title")}</ScreenTitle>
      <Text>{t("notFound.body")}</Text>
      <Anchor component={Link} to="/">
        {t("notFound.home")}
      </Anchor>
    </Stack>
  );
}
