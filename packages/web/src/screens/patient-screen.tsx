import { Badge, Button, Group, Stack, Tabs } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { coreApi } from "../api/core-api.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { ContributionFrame } from "../slots/contribution-frame.js";
import { useContributionLabel, useSlot } from "../slots/plug-uis-context.js";
import { PatientEncounters } from "./patient-encounters.js";
import { PatientSummary } from "./patient-summary.js";
import { ScreenTitle } from "../layout/screen-title.js";

const overview = "overview";

/** A patient's page: their details and encounters ("Overview"), then the tabs plugs add. */
export function PatientScreen() {
  const { t } = useTranslation();
  const { patientId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const tabs = useSlot("patientTabs");
  const labelOf = useContributionLabel();
  const patient = useQuery({ queryKey: ["patient", patientId], queryFn: () => coreApi.getPatient(patientId) });
  if (patient.error) return <ApiErrorAlert error={patient.error} />;
  if (!patient.data) return <PageLoader />;
  // The open tab is in the URL (?tab=<plugId>.<id>), so it can be linked to and survives a reload.
  const asked = params.get("tab");
  const active = tabs.some((tab) => tab.key === asked) ? (asked as string) : overview;
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <ScreenTitle>{patient.data.name}</ScreenTitle>
          <Badge variant="light">{t(`sex.${patient.data.sex}`)}</Badge>
        </Group>
        <Button component={Link} to={`/patients/${patientId}/edit`} variant="default">
          {t("patients.editButton")}
        </Button>
      </Group>
      <Tabs value={active} onChange={(tab) => setParams(tab && tab !== overview ? { tab } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List aria-label={t("patient.tabs")}>
          <Tabs.Tab value={overview}>{t("patient.overview")}</Tabs.Tab>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.key} value={tab.key}>
              {labelOf(tab)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={overview} pt="md">
          <Stack>
            <PatientSummary patient={patient.data} />
            <PatientEncounters patientId={patientId} />
          </Stack>
        </Tabs.Panel>
        {tabs.map((tab) => {
          const Tab = tab.contribution.component;
          return (
            <Tabs.Panel key={tab.key} value={tab.key} pt="md">
              <ContributionFrame key={patientId} plugId={tab.plugId}>
                <Tab patientId={patientId} />
              </ContributionFrame>
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Stack>
  );
}
