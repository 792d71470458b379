import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PlugState } from "./types.js";

const colors: Record<PlugState, string> = { started: "green", disabled: "gray", detached: "yellow", failed: "red" };

export function PlugStateBadge({ state }: { state: PlugState }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" color={colors[state]} variant="light">
      {t(`console.plugState.${state}`)}
    </Badge>
  );
}
