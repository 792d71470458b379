import { Anchor, Button, DataList, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { coreApi, type EncounterStatus } from "../api/core-api.js";
import { encounterMoves } from "../api/encounter-moves.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ContributionFrame } from "../slots/contribution-frame.js";
import { useContributionLabel, useSlot } from "../slots/plug-uis-context.js";
import { EncounterStatusBadge } from "./encounter-status-badge.js";
import { formatDateTime } from "./format-date-time.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** An encounter: its details, the status moves the API allows from where it is, and the actions plugs add. */
export function EncounterScreen() {
  const { t, i18n } = useTranslation();
  const { encounterId = "" } = useParams();
  const queryClient = useQueryClient();
  const actions = useSlot("encounterActions");
  const labelOf = useContributionLabel();
  const encounter = useQuery({ queryKey: ["encounter", encounterId], queryFn: () => coreApi.getEncounter(encounterId) });
  const patientId = encounter.data?.patientId ?? "";
  const patient = useQuery({ queryKey: ["patient", patientId], queryFn: () => coreApi.getPatient(patientId), enabled: !!patientId });
  const move = useMutation({
    mutationFn: (status: EncounterStatus) => coreApi.updateEncounter(encounterId, { status }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(["encounter", encounterId], saved);
      await queryClient.invalidateQueries({ queryKey: ["encounters"] });
    },
  });
  if (encounter.error) return <ApiErrorAlert error={encounter.error} />;
  if (!encounter.data) return <PageLoader />;
  const { kind, status, startedAt, endedAt, notes } = encounter.data;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : "—");
  return (
    <Stack>
      <ScreenTitle>{t("encounter.title", { kind: t(`encounterKind.${kind}`) })}</ScreenTitle>
      <Anchor component={Link} to={`/patients/${patientId}`}>
        {t("encounter.patientLink", { name: patient.data?.name ?? "…" })}
      </Anchor>
      <DataList>
        <DataList.Item>
          <DataList.ItemLabel>{t("encounter.status")}</DataList.ItemLabel>
          <DataList.ItemValue>
            <EncounterStatusBadge status={status} />
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t("encounter.startedAt")}</DataList.ItemLabel>
          <DataList.ItemValue>{when(startedAt)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t("encounter.endedAt")}</DataList.ItemLabel>
          <DataList.ItemValue>{when(endedAt)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>{t("encounter.notes")}</DataList.ItemLabel>
          <DataList.ItemValue>{notes ?? "—"}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <section aria-labelledby="encounter-status-moves">
        <Title order={2} size="h3" id="encounter-status-moves" mb="xs">
          {t("encounter.moves")}
        </Title>
        <ApiErrorAlert error={move.error} />
        {encounterMoves[status].length === 0 ? (
          <Text>{t("encounter.final")}</Text>
        ) : (
          <Group>
            {encounterMoves[status].map((next) => (
              <Button
                key={next}
                color={next === "cancelled" ? "red" : undefined}
                variant={next === "cancelled" ? "outline" : "filled"}
                loading={move.isPending && move.variables === next}
                disabled={move.isPending}
                onClick={() => move.mutate(next)}
              >
                {t(`encounterMove.${next}`)}
              </Button>
            ))}
          </Group>
        )}
      </section>
      {actions.length > 0 && (
        <section aria-labelledby="encounter-actions">
          <Title order={2} size="h3" id="encounter-actions" mb="xs">
            {t("encounter.actions")}
          </Title>
          <Group align="flex-start">
            {actions.map((action) => {
              const Action = action.contribution.component;
              return (
                <section key={`${action.key}:${encounterId}`} aria-label={labelOf(action)}>
                  <ContributionFrame plugId={action.plugId}>
                    <Action encounterId={encounterId} patientId={patientId} />
                  </ContributionFrame>
                </section>
              );
            })}
          </Group>
        </section>
      )}
    </Stack>
  );
}
