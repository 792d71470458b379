import { Button, Group, NativeSelect, Paper, Stack, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { coreApi } from "../api/core-api.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { showFieldErrors } from "../forms/show-field-errors.js";
import { useFieldError } from "../forms/use-field-error.js";

const encounterKinds = ["outpatient", "inpatient", "emergency"] as const;
const openingStatuses = ["planned", "in_progress"] as const;

interface OpenEncounterValues {
  kind: (typeof encounterKinds)[number];
  status: (typeof openingStatuses)[number];
  notes: string;
}

/** Opens an encounter for the patient (planned, or already in progress), then shows it. */
export function OpenEncounterForm({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<OpenEncounterValues>({ defaultValues: { kind: "outpatient", status: "in_progress", notes: "" } });
  const fieldError = useFieldError(form.formState.errors);
  const open = useMutation({
    mutationFn: (values: OpenEncounterValues) => coreApi.createEncounter({ patientId, ...values, notes: values.notes.trim() || null }),
    onSuccess: async (encounter) => {
      queryClient.setQueryData(["encounter", encounter.id], encounter);
      await queryClient.invalidateQueries({ queryKey: ["encounters"] });
      navigate(`/encounters/${encounter.id}`);
    },
    onError: (error) => showFieldErrors(error, ["kind", "status", "notes"], form.setError),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="open-encounter-title">
      <Title order={3} size="h4" id="open-encounter-title" mb="sm">
        {t("encounters.openTitle")}
      </Title>
      <form noValidate onSubmit={form.handleSubmit((values) => open.mutate(values))}>
        <Stack maw={560}>
          <ApiErrorAlert error={open.error} />
          <Group grow>
            <NativeSelect
              label={t("encounter.kind")}
              data={encounterKinds.map((kind) => ({ value: kind, label: t(`encounterKind.${kind}`) }))}
              error={fieldError("kind")}
              {...form.register("kind")}
            />
            <NativeSelect
              label={t("encounter.status")}
              data={openingStatuses.map((status) => ({ value: status, label: t(`encounterStatus.${status}`) }))}
              error={fieldError("status")}
              {...form.register("status")}
            />
          </Group>
          <Textarea label={t("encounter.notes")} autosize minRows={2} error={fieldError("notes")} {...form.register("notes")} />
          <Button type="submit" loading={open.isPending} w="fit-content">
            {t("encounters.openButton")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
