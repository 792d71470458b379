import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { coreApi } from "../api/core-api.js";
import { useFacilities } from "../api/use-facilities.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** Patient search by name (and facility); the API lists only the patients of the user's facilities. */
export function PatientsScreen() {
  const { t } = useTranslation();
  const facilities = useFacilities();
  // The search lives in the URL, so Back returns to the same results.
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const facilityId = params.get("facility") ?? "";
  const [draft, setDraft] = useState({ q, facilityId });
  const patients = useInfiniteQuery({
    queryKey: ["patients", q, facilityId],
    queryFn: ({ pageParam }) => coreApi.listPatients({ q, facilityId, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const search = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set("q", draft.q.trim());
    if (draft.facilityId) next.set("facility", draft.facilityId);
    setParams(next);
  };
  const rows = patients.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <ScreenTitle>{t("patients.title")}</ScreenTitle>
        <Button component={Link} to="/patients/new">
          {t("patients.register")}
        </Button>
      </Group>
      <search aria-label={t("patients.searchForm")}>
        <form onSubmit={search}>
          <Group align="flex-end">
            <TextInput
              label={t("patients.searchName")}
              type="search"
              value={draft.q}
              onChange={(event) => setDraft({ ...draft, q: event.currentTarget.value })}
            />
            <NativeSelect
              label={t("patients.facility")}
              data={[
                { value: "", label: t("patients.allFacilities") },
                ...facilities.items.map((facility) => ({ value: facility.id, label: facility.name })),
              ]}
              value={draft.facilityId}
              onChange={(event) => setDraft({ ...draft, facilityId: event.currentTarget.value })}
            />
            <Button type="submit">{t("patients.searchButton")}</Button>
          </Group>
        </form>
      </search>
      <ApiErrorAlert error={patients.error} />
      {patients.isSuccess && rows.length === 0 && <Text>{t("patients.none")}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={500}>
          <Table striped>
            <Table.Caption>{t("patients.caption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("patient.name")}</Table.Th>
                <Table.Th>{t("patient.birthDate")}</Table.Th>
                <Table.Th>{t("patient.sex")}</Table.Th>
                <Table.Th>{t("patient.facility")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((patient) => (
                <Table.Tr key={patient.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/patients/${patient.id}`}>
                      {patient.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{patient.birthDate}</Table.Td>
                  <Table.Td>{t(`sex.${patient.sex}`)}</Table.Td>
                  <Table.Td>{facilities.nameOf(patient.facilityId)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {patients.hasNextPage && (
        <Button variant="default" w="fit-content" loading={patients.isFetchingNextPage} onClick={() => void patients.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
    </Stack>
  );
}
