import { zodResolver } from "@hookform/resolvers/zod";
import { Button, NativeSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { FormProvider, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useFacilities } from "../api/use-facilities.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { showFieldErrors } from "../forms/show-field-errors.js";
import { useFieldError } from "../forms/use-field-error.js";
import { IdentifiersEditor } from "./identifiers-editor.js";
import { type PatientFormValues, patientFormSchema, sexes } from "./patient-form-values.js";

interface PatientFormProps {
  initial: PatientFormValues;
  /** Registering picks the facility; a registered patient stays at theirs. */
  withFacility: boolean;
  submitLabel: string;
  save: (values: PatientFormValues) => Promise<unknown>;
}

/** Registering and editing a patient: the same fields, each labelled, with the API's refusals shown on them. */
export function PatientForm({ initial, withFacility, submitLabel, save }: PatientFormProps) {
  const { t } = useTranslation();
  const facilities = useFacilities();
  const form = useForm<PatientFormValues>({ resolver: zodResolver(patientFormSchema), defaultValues: initial });
  const fieldError = useFieldError(form.formState.errors);
  const mutation = useMutation({
    mutationFn: save,
    onError: (error) => showFieldErrors(error, Object.keys(patientFormSchema.shape), form.setError),
  });
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={form.handleSubmit((values) => mutation.mutate(values))}>
        <Stack maw={560}>
          <ApiErrorAlert error={mutation.error} />
          {withFacility && (
            <NativeSelect
              label={t("patient.facility")}
              required
              data={[
                { value: "", label: t("patient.chooseFacility"), disabled: true },
                ...facilities.items.map((facility) => ({ value: facility.id, label: facility.name })),
              ]}
              error={fieldError("facilityId")}
              {...form.register("facilityId", { validate: (value) => (value ? true : "required") })}
            />
          )}
          <TextInput label={t("patient.name")} required autoComplete="off" error={fieldError("name")} {...form.register("name")} />
          <TextInput label={t("patient.birthDate")} type="date" required error={fieldError("birthDate")} {...form.register("birthDate")} />
          <NativeSelect
            label={t("patient.sex")}
            required
            data={sexes.map((sex) => ({ value: sex, label: t(`sex.${sex}`) }))}
            error={fieldError("sex")}
            {...form.register("sex")}
          />
          <TextInput label={t("patient.phone")} type="tel" autoComplete="off" error={fieldError("phone")} {...form.register("phone")} />
          <Textarea label={t("patient.address")} autosize minRows={2} error={fieldError("address")} {...form.register("address")} />
          <IdentifiersEditor />
          <Button type="submit" loading={mutation.isPending} w="fit-content">
            {submitLabel}
          </Button>
        </Stack>
      </form>
    </FormProvider>
  );
}
