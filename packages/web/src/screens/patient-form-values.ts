import { z } from "zod";
import type { Patient } from "../api/core-api.js";

export const sexes = ["female", "male", "other", "unknown"] as const;

/**
 * What the patient form checks before sending: only what a person can fix at a glance (required
 * fields). The API checks the rest (a future birth date, a repeated identifier system) and its
 * answer is shown on the fields it names.
 */
export const patientFormSchema = z.object({
  facilityId: z.string(),
  name: z.string().trim().min(1, "required"),
  birthDate: z.string().min(1, "required"),
  sex: z.enum(sexes, "required"),
  phone: z.string(),
  address: z.string(),
  identifiers: z.array(z.object({ system: z.string().trim().min(1, "required"), value: z.string().trim().min(1, "required") })),
});
export type PatientFormValues = z.infer<typeof patientFormSchema>;

export const emptyPatient: PatientFormValues = {
  facilityId: "",
  name: "",
  birthDate: "",
  sex: "unknown",
  phone: "",
  address: "",
  identifiers: [],
};

export const patientToForm = (patient: Patient): PatientFormValues => ({
  facilityId: patient.facilityId,
  name: patient.name,
  birthDate: patient.birthDate,
  sex: patient.sex,
  phone: patient.phone ?? "",
  address: patient.address ?? "",
  identifiers: patient.identifiers.map(({ system, value }) => ({ system, value })),
});

/** The API's fields; an empty phone or address is sent as null, which the API stores as "none". */
export const formToPatient = ({ facilityId: _facility, ...values }: PatientFormValues) => ({
  ...values,
  phone: values.phone.trim() || null,
  address: values.address.trim() || null,
});
