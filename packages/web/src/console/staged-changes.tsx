import { Button, Table, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { consoleApi } from "./console-api.js";
import { consoleKeys } from "./console-queries.js";
import { versionOf } from "./describe-change.js";
import type { StagedChange } from "./types.js";
import { useDateTime } from "./use-date-time.js";

/** The changes the next apply makes, as every administrator sees them; any of them can be discarded before. */
export function StagedChanges({ changes, locked }: { changes: StagedChange[]; locked: boolean }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const queryClient = useQueryClient();
  const discard = useMutation({
    mutationFn: consoleApi.discardChange,
    onSettled: () => queryClient.invalidateQueries({ queryKey: consoleKeys.changes }),
  });
  if (changes.length === 0) return <Text>{t("console.changes.nothingStaged")}</Text>;
  return (
    <>
      <ApiErrorAlert error={discard.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table striped>
          <Table.Caption>{t("console.changes.stagedCaption")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("console.changes.kind")}</Table.Th>
              <Table.Th>{t("console.changes.plug")}</Table.Th>
              <Table.Th>{t("console.changes.version")}</Table.Th>
              <Table.Th>{t("console.changes.archive")}</Table.Th>
              <Table.Th>{t("console.changes.stagedBy")}</Table.Th>
              <Table.Th>{t("console.changes.stagedAt")}</Table.Th>
              <Table.Th>{t("console.changes.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map((change) => (
              <Table.Tr key={change.id}>
                <Table.Td>{t(`console.changeKind.${change.kind}`)}</Table.Td>
                <Table.Td>{change.plug}</Table.Td>
                <Table.Td>{versionOf(change)}</Table.Td>
                <Table.Td>{change.archive?.name ?? "—"}</Table.Td>
                <Table.Td>{change.stagedBy}</Table.Td>
                <Table.Td>{dateTime(change.stagedAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    disabled={locked}
                    loading={discard.isPending && discard.variables === change.id}
                    aria-label={t("console.changes.discardOne", { plug: change.plug })}
                    onClick={() => discard.mutate(change.id)}
                  >
                    {t("console.changes.discard")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
