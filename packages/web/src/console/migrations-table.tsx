import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MigrationStep } from "./types.js";
import { useDateTime } from "./use-date-time.js";

interface MigrationsTableProps {
  steps: MigrationStep[];
  caption: string;
  /** The whole history names each step's plug; one plug's page does not need to. */
  withPlug?: boolean;
}

/** Migration steps, oldest first: which step, to which version, when, and the checksum recorded when it ran. */
export function MigrationsTable({ steps, caption, withPlug = false }: MigrationsTableProps) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  if (steps.length === 0) return <Text>{t("console.migrations.none")}</Text>;
  return (
    <Table.ScrollContainer minWidth={withPlug ? 800 : 700}>
      <Table striped>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {withPlug && <Table.Th>{t("console.migrations.plug")}</Table.Th>}
            <Table.Th>{t("console.migrations.step")}</Table.Th>
            <Table.Th>{t("console.migrations.toVersion")}</Table.Th>
            <Table.Th>{t("console.migrations.appliedAt")}</Table.Th>
            <Table.Th>{t("console.migrations.checksum")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((step, index) => (
            // A step's name repeats across plugs (install.sql): its place in the history is what is unique.
            // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only and shown in its order
            <Table.Tr key={index}>
              {withPlug && <Table.Td>{step.plug ?? t("console.migrations.core")}</Table.Td>}
              <Table.Td>{step.step}</Table.Td>
              <Table.Td>{step.toVersion ?? "—"}</Table.Td>
              <Table.Td>{dateTime(step.appliedAt)}</Table.Td>
              <Table.Td>
                <Text span ff="monospace" size="xs" style={{ wordBreak: "break-all" }}>
                  {step.checksum ?? "—"}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
