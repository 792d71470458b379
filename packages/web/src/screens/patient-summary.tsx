import { DataList, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Patient } from "../api/core-api.js";
import { useFacilities } from "../api/use-facilities.js";

/** A patient's details and identifiers, read-only. */
export function PatientSummary({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const facilities = useFacilities();
  const rows: [string, string][] = [
    [t("patient.birthDate"), patient.birthDate],
    [t("patient.sex"), t(`sex.${patient.sex}`)],
    [t("patient.facility"), facilities.nameOf(patient.facilityId)],
    [t("patient.phone"), patient.phone ?? "—"],
    [t("patient.address"), patient.address ?? "—"],
    ...patient.identifiers.map(({ system, value }): [string, string] => [system, value]),
  ];
  return (
    <section aria-labelledby="patient-details">
      <Title order={2} size="h3" id="patient-details" mb="xs">
        {t("patient.details")}
      </Title>
      <DataList>
        {rows.map(([label, value]) => (
          <DataList.Item key={label}>
            <DataList.ItemLabel>{label}</DataList.ItemLabel>
            <DataList.ItemValue>{value}</DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>
    </section>
  );
}
