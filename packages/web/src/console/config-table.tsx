import { Badge, Code, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PlugConfigEntry } from "./types.js";

/** A setting's value as text; a secret never has one here (the API sends none), only whether it is set. */
function SettingValue({ entry }: { entry: PlugConfigEntry }) {
  const { t } = useTranslation();
  if (entry.secret) {
    return (
      <Badge miw="max-content" color={entry.set ? "green" : "gray"} variant="light">
        {entry.set ? t("console.config.set") : t("console.config.notSet")}
      </Badge>
    );
  }
  if (!entry.set || entry.value === null || entry.value === undefined) return <Text span>{t("console.config.notSet")}</Text>;
  return <Code>{typeof entry.value === "string" ? entry.value : JSON.stringify(entry.value)}</Code>;
}

/** A plug's effective configuration: each setting, its value (secrets only as set or not), and where it came from. */
export function ConfigTable({ entries }: { entries: PlugConfigEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Text>{t("console.config.none")}</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped>
        <Table.Caption>{t("console.config.caption")}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("console.config.key")}</Table.Th>
            <Table.Th>{t("console.config.value")}</Table.Th>
            <Table.Th>{t("console.config.from")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.key}>
              <Table.Td>
                <Code>{entry.key}</Code>
                {entry.secret && (
                  <Text span size="sm">
                    {" "}
                    {t("console.config.secret")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <SettingValue entry={entry} />
              </Table.Td>
              <Table.Td>{t(`console.configFrom.${entry.from}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
