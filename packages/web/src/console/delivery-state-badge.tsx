import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DeliveryState } from "./console-api.js";

const colors: Record<DeliveryState, string> = {
  pending: "blue",
  processing: "cyan",
  held: "yellow",
  failed: "red",
  delivered: "green",
  discarded: "gray",
};

export function DeliveryStateBadge({ state }: { state: DeliveryState }) {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" color={colors[state]} variant="light">
      {t(`console.deliveryState.${state}`)}
    </Badge>
  );
}
