import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { EncounterStatus } from "../api/core-api.js";

const colors: Record<EncounterStatus, string> = { planned: "blue", in_progress: "green", finished: "gray", cancelled: "red" };

export function EncounterStatusBadge({ status }: { status: EncounterStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status]} variant="light">
      {t(`encounterStatus.${status}`)}
    </Badge>
  );
}
