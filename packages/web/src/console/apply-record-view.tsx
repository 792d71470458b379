import { Alert, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ApplyResultBadge, ApplyStepBadge } from "./apply-badges.js";
import { describeChange } from "./describe-change.js";
import type { ApplyRecord } from "./types.js";
import { useDateTime } from "./use-date-time.js";

/** One apply as the journal keeps it: who, when, what, how it ended, and each step's status. */
export function ApplyRecordView({ record }: { record: ApplyRecord }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const titleId = useId();
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4" id={titleId}>
            {t("console.apply.recordTitle", { by: record.by, at: dateTime(record.startedAt) })}
          </Title>
          <ApplyResultBadge result={record.result} />
        </Group>
        <Text size="sm">
          {record.finishedAt ? t("console.apply.finishedAt", { at: dateTime(record.finishedAt) }) : t("console.apply.notFinished")}
        </Text>
        {record.bundle && <Text size="sm">{t("console.apply.bundle", { file: record.bundle.file })}</Text>}
        {record.changes.length > 0 && (
          <List size="sm">
            {record.changes.map((change) => (
              <List.Item key={change.id}>{describeChange(t, change)}</List.Item>
            ))}
          </List>
        )}
        {record.result !== "running" && record.result !== "applied" && (
          <Alert color={record.result === "failed" ? "red" : "orange"} title={t(`console.applyOutcome.${record.result}`)}>
            {record.failedStep
              ? t("console.apply.failedStep", { step: t(`console.applyStep.${record.failedStep}`), message: record.message ?? "—" })
              : (record.message ?? "—")}
          </Alert>
        )}
        <ApplySteps record={record} />
      </Stack>
    </Paper>
  );
}

function ApplySteps({ record }: { record: ApplyRecord }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  if (record.steps.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table>
        <Table.Caption>{t("console.apply.stepsCaption")}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("console.apply.step")}</Table.Th>
            <Table.Th>{t("console.apply.status")}</Table.Th>
            <Table.Th>{t("console.apply.startedAt")}</Table.Th>
            <Table.Th>{t("console.apply.finished")}</Table.Th>
            <Table.Th>{t("console.apply.detail")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {record.steps.map((step) => (
            <Table.Tr key={`${step.name}:${step.startedAt}`}>
              <Table.Td>{t(`console.applyStep.${step.name}`)}</Table.Td>
              <Table.Td>
                <ApplyStepBadge status={step.status} />
              </Table.Td>
              <Table.Td>{dateTime(step.startedAt)}</Table.Td>
              <Table.Td>{dateTime(step.finishedAt)}</Table.Td>
              <Table.Td>{step.detail ?? "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
