import { Anchor, Code, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ScreenTitle } from "../layout/screen-title.js";
import { ConfigTable } from "./config-table.js";
import { ConsoleSection } from "./console-section.js";
import { usePlug } from "./console-queries.js";
import { Facts } from "./facts.js";
import { MigrationsTable } from "./migrations-table.js";
import { PlugHealth } from "./plug-health.js";
import { PlugStateBadge } from "./plug-state-badge.js";
import { IntegrityBadge, SignatureText } from "./plug-trust.js";
import type { AdminPlugDetail } from "./types.js";
import { WebAddress } from "./web-address.js";

/** One plug: where it comes from and whether it is trusted, what it is, its effective configuration, its migrations. */
export function PlugDetailScreen() {
  const { t } = useTranslation();
  const plugId = useParams().plugId ?? "";
  const plug = usePlug(plugId);
  return (
    <Stack>
      <Anchor component={Link} to="/admin">
        {t("console.plug.back")}
      </Anchor>
      <ScreenTitle>{t("console.plug.title", { id: plugId })}</ScreenTitle>
      <ApiErrorAlert error={plug.error} />
      {plug.isPending && <PageLoader />}
      {plug.data && <PlugDetail plug={plug.data} />}
    </Stack>
  );
}

function PlugDetail({ plug }: { plug: AdminPlugDetail }) {
  const { t } = useTranslation();
  const { metadata } = plug;
  return (
    <>
      {metadata.description && <Text>{metadata.description}</Text>}
      <ConsoleSection title={t("console.plug.summary")}>
        <Facts
          items={[
            [t("console.plug.package"), <Code key="package">{plug.package}</Code>],
            [t("console.plug.bundledVersion"), plug.bundledVersion ?? "—"],
            [t("console.plug.installedVersion"), plug.installedVersion ?? "—"],
            [t("console.plug.source"), plug.source ? t(`console.source.${plug.source}`) : "—"],
            [t("console.plug.state"), <PlugStateBadge key="state" state={plug.state} />],
            [t("console.plug.health"), <PlugHealth key="health" health={plug.health} />],
            [t("console.plug.required"), plug.required ? t("console.yes") : t("console.no")],
            [t("console.plug.integrity"), <IntegrityBadge key="integrity" integrity={plug.integrity} />],
            [
              t("console.plug.lock"),
              plug.integrity.lock ? (
                <Text key="lock" span ff="monospace" size="xs" style={{ wordBreak: "break-all" }}>
                  {plug.integrity.lock}
                </Text>
              ) : (
                "—"
              ),
            ],
            [t("console.plug.signature"), <SignatureText key="signature" signature={plug.signature} />],
          ]}
        />
      </ConsoleSection>
      <ConsoleSection title={t("console.plug.about")}>
        <Facts
          items={[
            [t("console.plug.license"), metadata.license ?? "—"],
            [t("console.plug.author"), metadata.author ?? "—"],
            [t("console.plug.homepage"), <WebAddress key="homepage" value={metadata.homepage} />],
            [t("console.plug.repository"), <WebAddress key="repository" value={metadata.repository} />],
          ]}
        />
      </ConsoleSection>
      <ConsoleSection title={t("console.config.title")}>
        <ConfigTable entries={plug.config} />
      </ConsoleSection>
      <ConsoleSection title={t("console.migrations.plugTitle")}>
        <MigrationsTable steps={plug.migrations} caption={t("console.migrations.plugCaption", { id: plug.id })} />
      </ConsoleSection>
    </>
  );
}
