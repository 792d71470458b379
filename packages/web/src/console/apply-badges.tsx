import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ApplyResult, ApplyStepStatus } from "./types.js";

const resultColors: Record<ApplyResult, string> = { running: "blue", applied: "green", "rolled-back": "orange", failed: "red" };
const stepColors: Record<ApplyStepStatus, string> = { running: "blue", ok: "green", failed: "red", skipped: "gray" };

export function ApplyResultBadge({ result }: { result: ApplyResult }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" color={resultColors[result]} variant="light">
      {t(`console.applyResult.${result}`)}
    </Badge>
  );
}

export function ApplyStepBadge({ status }: { status: ApplyStepStatus }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" color={stepColors[status]} variant="light">
      {t(`console.applyStepStatus.${status}`)}
    </Badge>
  );
}
