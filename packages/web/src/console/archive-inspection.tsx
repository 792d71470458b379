import { Alert, Badge, Button, Code, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { Facts } from "./facts.js";
import { SignatureText } from "./plug-trust.js";
import type { ArchiveInspection as Inspection } from "./types.js";
import { WebAddress } from "./web-address.js";

interface ArchiveInspectionProps {
  inspection: Inspection;
  onConfirm: () => void;
  onCancel: () => void;
  confirming: boolean;
  confirmError: unknown;
}

/** A list, or "none" said plainly (an empty list on a review page reads like a page that did not load). */
function ListOrNone({ items }: { items: string[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return t("console.none");
  return (
    <List size="sm">
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  );
}

/**
 * What an uploaded archive is, before anything is staged: the administrator reviews who signed it, what
 * it needs and what it may touch, and for an upgrade the steps that will run, then confirms or cancels.
 */
export function ArchiveInspection({ inspection, onConfirm, onCancel, confirming, confirmError }: ArchiveInspectionProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const { plug, upgrade } = inspection;
  const fingerprint = inspection.signature.fingerprint;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Stack>
        <Title order={3} id={titleId}>
          {upgrade
            ? t("console.inspection.upgradeTitle", { id: plug.id, from: upgrade.from, version: plug.version })
            : t("console.inspection.addTitle", { id: plug.id, version: plug.version })}
        </Title>
        {plug.description && <Text>{plug.description}</Text>}
        {!inspection.core.compatible && (
          <Alert color="red" title={t("console.inspection.incompatible")}>
            {t("console.inspection.incompatibleBody", { range: inspection.core.range })}
          </Alert>
        )}
        {inspection.needsNetwork.length > 0 && (
          <Alert color="orange" title={t("console.inspection.needsNetwork")}>
            {t("console.inspection.needsNetworkBody", { packages: inspection.needsNetwork.join(", ") })}
          </Alert>
        )}
        <Facts
          items={[
            [t("console.plug.id"), plug.id],
            [t("console.plug.package"), <Code key="package">{plug.package}</Code>],
            [t("console.inspection.version"), plug.version],
            [t("console.inspection.change"), t(`console.changeKind.${inspection.change}`)],
            [
              t("console.inspection.signature"),
              <Stack key="signature" gap={0}>
                <Text span>
                  <SignatureText signature={inspection.signature} />
                </Text>
                {fingerprint && (
                  <Text span ff="monospace" size="xs" style={{ wordBreak: "break-all" }}>
                    {t("console.inspection.fingerprint", { fingerprint })}
                  </Text>
                )}
              </Stack>,
            ],
            [
              t("console.inspection.coreRange"),
              <Group key="core" gap="xs">
                <Code>{inspection.core.range}</Code>
                <Badge miw="max-content" color={inspection.core.compatible ? "green" : "red"} variant="light">
                  {inspection.core.compatible ? t("console.inspection.compatible") : t("console.inspection.notCompatible")}
                </Badge>
              </Group>,
            ],
            [t("console.inspection.contract"), inspection.contract ?? "—"],
            [
              t("console.inspection.dependencies"),
              <ListOrNone key="dependencies" items={inspection.dependencies.map((dependency) => `${dependency.id} ${dependency.range}`)} />,
            ],
            [
              t("console.inspection.coreTables"),
              <ListOrNone key="tables" items={inspection.coreTables.map((table) => `${table.table}: ${table.access.join(", ")}`)} />,
            ],
            [t("console.inspection.outsideHosts"), <ListOrNone key="hosts" items={inspection.outsideHosts} />],
            [t("console.inspection.needsNetworkLabel"), <ListOrNone key="network" items={inspection.needsNetwork} />],
            [t("console.inspection.screens"), inspection.ui ? t("console.yes") : t("console.no")],
            [t("console.plug.license"), plug.license ?? "—"],
            [t("console.plug.author"), plug.author ?? "—"],
            [t("console.plug.homepage"), <WebAddress key="homepage" value={plug.homepage} />],
            [t("console.plug.repository"), <WebAddress key="repository" value={plug.repository} />],
            [t("console.inspection.file"), t("console.inspection.fileFacts", { name: inspection.file.name, bytes: inspection.file.bytes })],
            [
              t("console.inspection.sha256"),
              <Text key="sha" span ff="monospace" size="xs" style={{ wordBreak: "break-all" }}>
                {inspection.file.sha256}
              </Text>,
            ],
          ]}
        />
        {upgrade && <UpgradeDetails upgrade={upgrade} />}
        <ApiErrorAlert error={confirmError} />
        <Group>
          <Button onClick={onConfirm} loading={confirming} disabled={!inspection.core.compatible}>
            {t("console.inspection.confirm")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("console.cancel")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const shown = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value));

function UpgradeDetails({ upgrade }: { upgrade: NonNullable<Inspection["upgrade"]> }) {
  const { t } = useTranslation();
  return (
    <>
      <Title order={4}>{t("console.inspection.steps")}</Title>
      <ListOrNone items={upgrade.steps.map((step) => t("console.inspection.step", { from: step.from, to: step.to, file: step.file }))} />
      <Title order={4}>{t("console.inspection.declarationChanges")}</Title>
      {upgrade.declarationChanges.length === 0 ? (
        <Text>{t("console.none")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped>
            <Table.Caption>{t("console.inspection.declarationCaption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("console.inspection.field")}</Table.Th>
                <Table.Th>{t("console.inspection.before")}</Table.Th>
                <Table.Th>{t("console.inspection.after")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upgrade.declarationChanges.map((change) => (
                <Table.Tr key={change.field}>
                  <Table.Td>
                    <Code>{change.field}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Code>{shown(change.before)}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Code>{shown(change.after)}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
