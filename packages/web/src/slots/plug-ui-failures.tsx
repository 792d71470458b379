import { Alert, List, Text } from "@mantine/core";
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import type { PlugUiFailure } from "./load-plug-uis.js";

/** The plugs whose screens were left out when the app started (their code threw, or their declaration was malformed). */
export const PlugUiFailuresContext = createContext<readonly PlugUiFailure[]>([]);

export const usePlugUiFailures = () => useContext(PlugUiFailuresContext);

/** A contained notice naming the plugs left out (only `plugId`'s, when given), or nothing when every plug loaded. */
export function PlugUiFailuresNotice({ plugId }: { plugId?: string }) {
  const { t } = useTranslation();
  const failures = usePlugUiFailures().filter((failure) => plugId === undefined || failure.plugId === plugId);
  if (failures.length === 0) return null;
  return (
    <Alert color="orange" role="alert" title={t("slot.unavailableTitle")}>
      <List size="sm">
        {failures.map((failure) => (
          <List.Item key={failure.plugId}>
            {failure.reason === "load"
              ? t("slot.unavailableLoad", { plug: failure.plugId })
              : t("slot.unavailableInvalid", { plug: failure.plugId, detail: failure.detail })}
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        {t("slot.unavailableBody")}
      </Text>
    </Alert>
  );
}
