import { Anchor, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { coreApi } from "../api/core-api.js";
import { usePagedList } from "../api/use-paged-list.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { formatDateTime } from "./format-date-time.js";
import { EncounterStatusBadge } from "./encounter-status-badge.js";
import { OpenEncounterForm } from "./open-encounter-form.js";

/** A patient's encounters, newest last as the API lists them, and the form that opens a new one. */
export function PatientEncounters({ patientId }: { patientId: string }) {
  const { t, i18n } = useTranslation();
  const encounters = usePagedList(["encounters", { patientId }], (cursor) => coreApi.listEncounters({ patientId, cursor }));
  const items = encounters.items;
  return (
    <section aria-labelledby="patient-encounters">
      <Stack>
        <Title order={2} size="h3" id="patient-encounters">
          {t("encounters.title")}
        </Title>
        <ApiErrorAlert error={encounters.error} />
        {encounters.isSuccess && items.length === 0 && <Text>{t("encounters.none")}</Text>}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={500}>
            <Table striped>
              <Table.Caption>{t("encounters.caption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("encounter.kind")}</Table.Th>
                  <Table.Th>{t("encounter.status")}</Table.Th>
                  <Table.Th>{t("encounter.startedAt")}</Table.Th>
                  <Table.Th>{t("encounter.open")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((encounter) => (
                  <Table.Tr key={encounter.id}>
                    <Table.Td>{t(`encounterKind.${encounter.kind}`)}</Table.Td>
                    <Table.Td>
                      <EncounterStatusBadge status={encounter.status} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(encounter.startedAt ?? encounter.createdAt, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/encounters/${encounter.id}`}>
                        {t("encounters.view", {
                          kind: t(`encounterKind.${encounter.kind}`),
                          date: formatDateTime(encounter.startedAt ?? encounter.createdAt, i18n.language),
                        })}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {encounters.hasNextPage && (
          <Button variant="default" w="fit-content" loading={encounters.isFetchingNextPage} onClick={() => void encounters.fetchNextPage()}>
            {t("common.loadMore")}
          </Button>
        )}
        <OpenEncounterForm patientId={patientId} />
      </Stack>
    </section>
  );
}
