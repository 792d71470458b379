import { Alert, Button, Group, Loader, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { ApplyRecordView } from "./apply-record-view.js";
import type { FollowedApply } from "./use-followed-apply.js";

/**
 * The apply under way, followed through the restart: its steps as they run, then how it ended. After
 * an apply the app's own code may have changed (a new plug's screens): a reload loads it.
 */
export function ApplyProgress({ apply }: { apply: FollowedApply }) {
  const { t } = useTranslation();
  const record = apply.data;
  return (
    <Stack gap="xs">
      {(!record || record.result === "running") && (
        <Group gap="xs" role="status">
          <Loader size="sm" aria-hidden />
          <Text>{apply.restarting ? t("console.apply.restarting") : t("console.apply.running")}</Text>
        </Group>
      )}
      {!apply.restarting && <ApiErrorAlert error={apply.error} />}
      {record?.result === "applied" && (
        <Alert color="green" title={t("console.applyOutcome.applied")} role="status">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t("console.apply.reloadHint")}</Text>
            <Button size="xs" onClick={() => window.location.reload()}>
              {t("console.apply.reload")}
            </Button>
          </Stack>
        </Alert>
      )}
      {record && <ApplyRecordView record={record} />}
    </Stack>
  );
}
