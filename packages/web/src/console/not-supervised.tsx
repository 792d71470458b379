import { Alert, Code, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Without `care serve` nobody can stop, migrate and restart the deployment for the console: it says how to get one. */
export function NotSupervised() {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" title={t("console.changes.notSupervised")}>
      <Text size="sm">{t("console.changes.notSupervisedWhy")}</Text>
      <Text size="sm" mt="xs">
        {t("console.changes.notSupervisedHow")}
      </Text>
      <Code block mt="xs">
        pnpm care serve -d &lt;deployment&gt;
      </Code>
    </Alert>
  );
}
