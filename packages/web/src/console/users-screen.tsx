import { Alert, Anchor, Badge, Button, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFacilities } from "../api/use-facilities.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ScreenTitle } from "../layout/screen-title.js";
import { consoleApi, type User } from "./console-api.js";
import { ConsoleModal } from "./console-modal.js";
import { UserForm } from "./user-form.js";
import { blankUser, toCreate, toUpdate, valuesOf } from "./user-form-values.js";

/** The deployment's users: who they are, their roles and facilities, whether they may sign in; add and change them. */
export function UsersScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const facilities = useFacilities();
  const [editing, setEditing] = useState<User | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const users = useInfiniteQuery({
    queryKey: ["users"],
    queryFn: ({ pageParam }) => consoleApi.users(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["users"] });
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <ScreenTitle>{t("console.users.title")}</ScreenTitle>
      <Text>
        <Trans t={t} i18nKey="console.users.facilitiesHint" components={{ facilities: <Anchor component={Link} to="/facilities" /> }} />
      </Text>
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <ApiErrorAlert error={users.error} />
      {users.isPending && <PageLoader />}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped>
            <Table.Caption>{t("console.users.caption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("console.users.username")}</Table.Th>
                <Table.Th>{t("console.users.displayName")}</Table.Th>
                <Table.Th>{t("console.users.roles")}</Table.Th>
                <Table.Th>{t("console.users.facilities")}</Table.Th>
                <Table.Th>{t("console.users.status")}</Table.Th>
                <Table.Th>{t("console.users.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>{user.username}</Table.Td>
                  <Table.Td>{user.displayName}</Table.Td>
                  <Table.Td>{user.roles.map((role) => t(`console.role.${role}`)).join(", ")}</Table.Td>
                  <Table.Td>{user.facilityIds.map(facilities.nameOf).join(", ") || "—"}</Table.Td>
                  <Table.Td>
                    <Badge miw="max-content" color={user.active ? "green" : "gray"} variant="light">
                      {user.active ? t("console.users.activeStatus") : t("console.users.disabledStatus")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t("console.users.editOne", { username: user.username })}
                      onClick={() => {
                        setDone(null);
                        setEditing(user);
                      }}
                    >
                      {t("console.users.edit")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.hasNextPage && (
        <Button variant="default" w="fit-content" loading={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="user-create-title">
        <Title order={2} size="h3" id="user-create-title" mb="sm">
          {t("console.users.add")}
        </Title>
        <UserForm
          initial={blankUser}
          isNew
          submitLabel={t("console.users.addButton")}
          save={async (values) => {
            const user = await consoleApi.createUser(toCreate(values));
            setDone(t("console.users.created", { username: user.username }));
          }}
          onSaved={() => void refresh()}
        />
      </Paper>
      <ConsoleModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={t("console.users.editTitle", { username: editing?.username ?? "" })}
      >
        {editing && (
          <UserForm
            initial={valuesOf(editing)}
            isNew={false}
            submitLabel={t("console.users.save")}
            save={async (values) => {
              const user = await consoleApi.updateUser(editing.id, toUpdate(values));
              setDone(t("console.users.updated", { username: user.username }));
            }}
            onSaved={() => {
              setEditing(null);
              void refresh();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </ConsoleModal>
    </Stack>
  );
}
