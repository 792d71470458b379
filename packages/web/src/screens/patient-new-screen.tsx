import { Stack } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { coreApi } from "../api/core-api.js";
import { PatientForm } from "./patient-form.js";
import { emptyPatient, formToPatient } from "./patient-form-values.js";
import { ScreenTitle } from "../layout/screen-title.js";

/** Registers a patient at one of the user's facilities, then opens their page. */
export function PatientNewScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Stack>
      <ScreenTitle>{t("patients.register")}</ScreenTitle>
      <PatientForm
        initial={emptyPatient}
        withFacility
        submitLabel={t("patients.registerButton")}
        save={async (values) => {
          const patient = await coreApi.createPatient({ ...formToPatient(values), facilityId: values.facilityId });
          await queryClient.invalidateQueries({ queryKey: ["patients"] });
          queryClient.setQueryData(["patient", patient.id], patient);
          navigate(`/patients/${patient.id}`);
        }}
      />
    </Stack>
  );
}
