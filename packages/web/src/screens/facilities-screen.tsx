import { Button, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { coreApi } from "../api/core-api.js";
import { usePagedList } from "../api/use-paged-list.js";
import { useAuth } from "../auth/auth-context.js";
import { FacilityRename } from "../console/facility-rename.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { FacilityForm } from "./facility-form.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** The facilities the user belongs to (all of them for an administrator), and for administrators a form to add one. */
export function FacilitiesScreen() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const isAdmin = user?.roles.includes("admin") ?? false;
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const facilities = usePagedList(["facilities", "list", q], (cursor) => coreApi.listFacilities({ q, cursor }));
  return (
    <Stack>
      <ScreenTitle>{t("facilities.title")}</ScreenTitle>
      <TextInput label={t("facilities.search")} type="search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
      <ApiErrorAlert error={facilities.error} />
      {facilities.isSuccess && facilities.items.length === 0 && <Text>{t("facilities.none")}</Text>}
      {facilities.items.length > 0 && (
        <Table.ScrollContainer minWidth={500}>
          <Table striped>
            <Table.Caption>{t("facilities.caption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("facilities.name")}</Table.Th>
                <Table.Th>{t("facilities.kind")}</Table.Th>
                <Table.Th>{t("facilities.address")}</Table.Th>
                <Table.Th>{t("facilities.phone")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {facilities.items.map((facility) => (
                <Table.Tr key={facility.id}>
                  <Table.Td>
                    {facility.name} {isAdmin && <FacilityRename facility={facility} />}
                  </Table.Td>
                  <Table.Td>{t(`facilityKind.${facility.kind}`)}</Table.Td>
                  <Table.Td>{facility.address ?? "—"}</Table.Td>
                  <Table.Td>{facility.phone ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {facilities.hasNextPage && (
        <Button variant="default" w="fit-content" loading={facilities.isFetchingNextPage} onClick={() => void facilities.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
      {isAdmin && <FacilityForm />}
    </Stack>
  );
}
