import { Anchor, Stack } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { coreApi } from "../api/core-api.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { PageLoader } from "../layout/page-loader.js";
import { PatientForm } from "./patient-form.js";
import { formToPatient, patientToForm } from "./patient-form-values.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** Changes a patient's details and identifiers; the facility that registered them stays. */
export function PatientEditScreen() {
  const { t } = useTranslation();
  const { patientId = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const patient = useQuery({ queryKey: ["patient", patientId], queryFn: () => coreApi.getPatient(patientId) });
  if (patient.error) return <ApiErrorAlert error={patient.error} />;
  if (!patient.data) return <PageLoader />;
  return (
    <Stack>
      <ScreenTitle>{t("patients.edit", { name: patient.data.name })}</ScreenTitle>
      <Anchor component={Link} to={`/patients/${patientId}`}>
        {t("patients.backToPatient")}
      </Anchor>
      <PatientForm
        initial={patientToForm(patient.data)}
        withFacility={false}
        submitLabel={t("patients.save")}
        save={async (values) => {
          const saved = await coreApi.updatePatient(patientId, formToPatient(values));
          queryClient.setQueryData(["patient", patientId], saved);
          await queryClient.invalidateQueries({ queryKey: ["patients"] });
          navigate(`/patients/${patientId}`);
        }}
      />
    </Stack>
  );
}
