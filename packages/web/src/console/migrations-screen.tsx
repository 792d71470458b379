import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ScreenTitle } from "../layout/screen-title.js";
import { useMigrations } from "./console-queries.js";
import { MigrationsTable } from "./migrations-table.js";

/** The deployment's whole migration history, the core's and every plug's, oldest first. */
export function MigrationsScreen() {
  const { t } = useTranslation();
  const migrations = useMigrations();
  return (
    <Stack>
      <ScreenTitle>{t("console.migrations.title")}</ScreenTitle>
      <Text>{t("console.migrations.intro")}</Text>
      <ApiErrorAlert error={migrations.error} />
      {migrations.isPending && <PageLoader />}
      {migrations.data && <MigrationsTable steps={migrations.data.items} caption={t("console.migrations.caption")} withPlug />}
    </Stack>
  );
}
