import { Alert, Button, Group, NativeSelect, Stack, Table, Text } from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ScreenTitle } from "../layout/screen-title.js";
import { consoleApi, type Delivery, type DeliveryState } from "./console-api.js";
import { DeliveryStateBadge } from "./delivery-state-badge.js";
import { DiscardDeliveryModal } from "./discard-delivery-modal.js";
import { useDateTime } from "./use-date-time.js";

const states: readonly DeliveryState[] = ["pending", "processing", "held", "failed", "delivered", "discarded"];
const retryable: readonly DeliveryState[] = ["failed"];
const discardable: readonly DeliveryState[] = ["pending", "held", "failed"];

/** Durable deliveries: by default those not settled for good; failed ones can be retried, waiting ones discarded. */
export function DeliveriesScreen() {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const queryClient = useQueryClient();
  const [state, setState] = useState<DeliveryState | "">("");
  const [discarding, setDiscarding] = useState<Delivery | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const deliveries = useInfiniteQuery({
    queryKey: ["deliveries", state],
    queryFn: ({ pageParam }) => consoleApi.deliveries(state, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const retry = useMutation({
    mutationFn: consoleApi.retryDelivery,
    onMutate: () => setDone(null),
    onSuccess: async (result) => {
      const retried = result.items[0];
      if (retried) setDone(t("console.deliveries.retried", { id: retried.id, state: t(`console.deliveryState.${retried.state}`) }));
      await queryClient.invalidateQueries({ queryKey: ["deliveries"] });
    },
  });
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <ScreenTitle>{t("console.deliveries.title")}</ScreenTitle>
      <Text>{t("console.deliveries.intro")}</Text>
      <NativeSelect
        label={t("console.deliveries.state")}
        w="fit-content"
        value={state}
        onChange={(event) => setState(event.currentTarget.value as DeliveryState | "")}
        data={[
          { value: "", label: t("console.deliveries.unsettled") },
          ...states.map((value) => ({ value, label: t(`console.deliveryState.${value}`) })),
        ]}
      />
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <ApiErrorAlert error={retry.error ?? deliveries.error} />
      {deliveries.isPending && <PageLoader />}
      {deliveries.isSuccess && items.length === 0 && <Text>{t("console.deliveries.none")}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped>
            <Table.Caption>{t("console.deliveries.caption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("console.deliveries.id")}</Table.Th>
                <Table.Th>{t("console.deliveries.plug")}</Table.Th>
                <Table.Th>{t("console.deliveries.signal")}</Table.Th>
                <Table.Th>{t("console.deliveries.state")}</Table.Th>
                <Table.Th>{t("console.deliveries.attempts")}</Table.Th>
                <Table.Th>{t("console.deliveries.createdAt")}</Table.Th>
                <Table.Th>{t("console.deliveries.lastError")}</Table.Th>
                <Table.Th>{t("console.deliveries.lastAction")}</Table.Th>
                <Table.Th>{t("console.deliveries.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((delivery) => (
                <Table.Tr key={delivery.id}>
                  <Table.Td>{delivery.id}</Table.Td>
                  <Table.Td>{delivery.plug}</Table.Td>
                  <Table.Td>{delivery.signal}</Table.Td>
                  <Table.Td>
                    <DeliveryStateBadge state={delivery.state} />
                  </Table.Td>
                  <Table.Td>{delivery.attempts}</Table.Td>
                  <Table.Td>{dateTime(delivery.createdAt)}</Table.Td>
                  <Table.Td>{delivery.lastError ?? "—"}</Table.Td>
                  <Table.Td>
                    {delivery.lastAction
                      ? t("console.deliveries.action", {
                          action: t(`console.deliveryAction.${delivery.lastAction.action}`),
                          actor: delivery.lastAction.actor,
                          at: dateTime(delivery.lastAction.at),
                          reason: delivery.lastAction.reason ?? "—",
                        })
                      : "—"}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {retryable.includes(delivery.state) && (
                        <Button
                          size="xs"
                          aria-label={t("console.deliveries.retryOne", { id: delivery.id })}
                          loading={retry.isPending && retry.variables === delivery.id}
                          onClick={() => retry.mutate(delivery.id)}
                        >
                          {t("console.deliveries.retry")}
                        </Button>
                      )}
                      {discardable.includes(delivery.state) && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t("console.deliveries.discardOne", { id: delivery.id })}
                          onClick={() => setDiscarding(delivery)}
                        >
                          {t("console.deliveries.discard")}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {deliveries.hasNextPage && (
        <Button variant="default" w="fit-content" loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
      <DiscardDeliveryModal
        delivery={discarding}
        onClose={() => setDiscarding(null)}
        onDiscarded={(discarded) => setDone(t("console.deliveries.discarded", { id: discarded.id }))}
      />
    </Stack>
  );
}
