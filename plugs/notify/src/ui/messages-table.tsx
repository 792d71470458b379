import { Badge, Table, Text } from "@mantine/core";
import { type PlugRouteResponse, usePlugTranslation } from "@care/plug-sdk/ui";
import type notify from "../index.js";

type AdminMessage = PlugRouteResponse<typeof notify, "GET /admin/messages">["items"][number];

const statusColours = { sent: "green", rejected: "red", skipped: "gray" } as const;
/** Badge text stays near-black on the tinted background: coloured text on it is below 4.5:1 contrast. */
const badgeText = "dark.9";

/** Visit messages, newest first, with what the provider answered. */
export function MessagesTable({ messages }: { messages: AdminMessage[] }) {
  const { t, locale } = usePlugTranslation();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <Table striped aria-label={t("page")}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("columns.when")}</Table.Th>
          <Table.Th scope="col">{t("columns.status")}</Table.Th>
          <Table.Th scope="col">{t("columns.event")}</Table.Th>
          <Table.Th scope="col">{t("columns.recipient")}</Table.Th>
          <Table.Th scope="col">{t("columns.message")}</Table.Th>
          <Table.Th scope="col">{t("columns.detail")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {messages.map((message) => (
          <Table.Tr key={message.id}>
            <Table.Td>{when.format(new Date(message.sentAt ?? message.createdAt))}</Table.Td>
            <Table.Td>
              <Badge color={statusColours[message.status]} c={badgeText} variant="light">
                {t(`status.${message.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{t(`signal.${message.signal}`, { defaultValue: message.signal })}</Table.Td>
            <Table.Td>
              {message.recipient ?? (
                <Text span c="dimmed">
                  {t("noRecipient")}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{message.message}</Table.Td>
            <Table.Td>
              {[message.providerStatus, message.error].filter((part) => part !== null).join(": ")}
              {message.attempts > 1 && ` (${t("attempts", { count: message.attempts })})`}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
