import { Badge, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PlugHealth as Health } from "./types.js";

/** A plug's last health check: OK, or failing with its reason; a dash when it has none (switched off). */
export function PlugHealth({ health }: { health: Health | null }) {
  const { t } = useTranslation();
  if (!health) return <Text span>—</Text>;
  if (health.status === "ok") {
    return (
      <Badge miw="max-content" color="green" variant="light">
        {t("console.health.ok")}
      </Badge>
    );
  }
  return (
    <>
      <Badge miw="max-content" color="red" variant="light">
        {t("console.health.failing")}
      </Badge>{" "}
      {health.reason && (
        <Text span size="sm">
          {health.reason}
        </Text>
      )}
    </>
  );
}
