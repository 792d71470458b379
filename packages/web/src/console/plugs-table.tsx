import { Anchor, Code, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { usePlugs } from "./console-queries.js";
import { PlugHealth } from "./plug-health.js";
import { PlugStateBadge } from "./plug-state-badge.js";
import { IntegrityBadge, SignatureText } from "./plug-trust.js";

/** Every plug of the deployment (detached ones too), each linking to its page. */
export function PlugsTable() {
  const { t } = useTranslation();
  const plugs = usePlugs();
  return (
    <section aria-labelledby="console-plugs">
      <Title order={2} size="h3" id="console-plugs" mb="xs">
        {t("console.plugs.title")}
      </Title>
      <ApiErrorAlert error={plugs.error} />
      {plugs.isPending && <PageLoader />}
      {plugs.data && plugs.data.items.length === 0 && <Text>{t("console.plugs.none")}</Text>}
      {plugs.data && plugs.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped>
            <Table.Caption>{t("console.plugs.caption")}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("console.plug.id")}</Table.Th>
                <Table.Th>{t("console.plug.package")}</Table.Th>
                <Table.Th>{t("console.plug.bundledVersion")}</Table.Th>
                <Table.Th>{t("console.plug.installedVersion")}</Table.Th>
                <Table.Th>{t("console.plug.source")}</Table.Th>
                <Table.Th>{t("console.plug.integrity")}</Table.Th>
                <Table.Th>{t("console.plug.signature")}</Table.Th>
                <Table.Th>{t("console.plug.state")}</Table.Th>
                <Table.Th>{t("console.plug.health")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plugs.data.items.map((plug) => (
                <Table.Tr key={plug.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/plug/${encodeURIComponent(plug.id)}`}>
                      {plug.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Code>{plug.package}</Code>
                  </Table.Td>
                  <Table.Td>{plug.bundledVersion ?? "—"}</Table.Td>
                  <Table.Td>{plug.installedVersion ?? "—"}</Table.Td>
                  <Table.Td>{plug.source ? t(`console.source.${plug.source}`) : "—"}</Table.Td>
                  <Table.Td>
                    <IntegrityBadge integrity={plug.integrity} />
                  </Table.Td>
                  <Table.Td>
                    <SignatureText signature={plug.signature} />
                  </Table.Td>
                  <Table.Td>
                    <PlugStateBadge state={plug.state} />
                  </Table.Td>
                  <Table.Td>
                    <PlugHealth health={plug.health} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
