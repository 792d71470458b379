import { Alert, Group, Loader, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { ArchiveDrop } from "./archive-drop.js";
import { ArchiveInspection } from "./archive-inspection.js";
import { consoleApi } from "./console-api.js";
import { consoleKeys } from "./console-queries.js";
import type { StagedChange } from "./types.js";

/**
 * Drop (or choose) an archive → the supervisor inspects it → the administrator reviews and confirms →
 * it is staged. A refused archive shows the supervisor's code and message, and nothing is staged.
 */
export function ArchiveReview({ locked, stagedIds }: { locked: boolean; stagedIds: readonly string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [staged, setStaged] = useState<StagedChange | null>(null);
  const inspect = useMutation({ mutationFn: consoleApi.inspect, onMutate: () => setStaged(null) });
  const stage = useMutation({
    mutationFn: consoleApi.stage,
    onSuccess: async (change) => {
      setStaged(change);
      inspect.reset();
      await queryClient.invalidateQueries({ queryKey: consoleKeys.changes });
    },
  });
  const cancel = () => {
    inspect.reset();
    stage.reset();
  };
  return (
    <Stack>
      <ArchiveDrop
        disabled={locked || inspect.isPending}
        onFile={(file) => {
          stage.reset();
          inspect.mutate(file);
        }}
      />
      {inspect.isPending && (
        <Group gap="xs" role="status">
          <Loader size="sm" aria-hidden />
          <Text>{t("console.changes.inspecting")}</Text>
        </Group>
      )}
      {inspect.isError && (
        <Stack gap="xs">
          <ApiErrorAlert error={inspect.error} />
          <Text>{t("console.changes.refusedNothingStaged")}</Text>
        </Stack>
      )}
      {/* Said while the change waits: not once it is discarded or applied. */}
      {staged && stagedIds.includes(staged.id) && (
        <Alert color="green" role="status">
          {t("console.changes.staged", { plug: staged.plug, version: staged.version ?? "" })}
        </Alert>
      )}
      {inspect.data && (
        <ArchiveInspection
          inspection={inspect.data}
          onConfirm={() => inspect.data && stage.mutate(inspect.data.token)}
          onCancel={cancel}
          confirming={stage.isPending}
          confirmError={stage.error}
        />
      )}
    </Stack>
  );
}
