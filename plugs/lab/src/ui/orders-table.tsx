import { Badge, Button, Table } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import type { LabOrder } from "../orders.js";
import { formatDateTime } from "./format-date.js";

const flagColours = { low: "yellow", normal: "green", high: "orange", critical: "red" } as const;
const statusColours = { pending: "blue", resulted: "green", cancelled: "gray" } as const;
/** Badge text stays near-black on the tinted background: coloured text on it is below 4.5:1 contrast. */
const badgeText = "dark.9";

/** A patient's orders, newest first, each with its result; a pending one offers to record its result. */
export function OrdersTable({ orders, onRecord }: { orders: LabOrder[]; onRecord: (order: LabOrder) => void }) {
  const { t, locale } = usePlugTranslation();
  return (
    <Table striped aria-label={t("orders.title")}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("orders.columns.test")}</Table.Th>
          <Table.Th scope="col">{t("orders.columns.priority")}</Table.Th>
          <Table.Th scope="col">{t("orders.columns.status")}</Table.Th>
          <Table.Th scope="col">{t("orders.columns.ordered")}</Table.Th>
          <Table.Th scope="col">{t("orders.columns.result")}</Table.Th>
          <Table.Th scope="col">{t("orders.columns.actions")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orders.map((order) => (
          <Table.Tr key={order.id}>
            <Table.Th scope="row">
              {order.testName} ({order.testCode})
            </Table.Th>
            <Table.Td>{t(`priority.${order.priority}`)}</Table.Td>
            <Table.Td>
              <Badge color={statusColours[order.status]} c={badgeText} variant="light">
                {t(`status.${order.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{formatDateTime(order.orderedAt, locale)}</Table.Td>
            <Table.Td>
              {order.result && (
                <>
                  {order.result.value}
                  {order.result.unit ? ` ${order.result.unit}` : ""}{" "}
                  {order.result.flag && (
                    <Badge color={flagColours[order.result.flag]} c={badgeText} variant="light">
                      {t(`flag.${order.result.flag}`)}
                    </Badge>
                  )}
                </>
              )}
            </Table.Td>
            <Table.Td>
              {order.status === "pending" && (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => onRecord(order)}
                  aria-label={t("result.recordFor", { test: order.testName })}
                >
                  {t("result.record")}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
