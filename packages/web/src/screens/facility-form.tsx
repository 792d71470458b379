import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, NativeSelect, Paper, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { coreApi } from "../api/core-api.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { showFieldErrors } from "../forms/show-field-errors.js";
import { useFieldError } from "../forms/use-field-error.js";

const facilityKinds = ["hospital", "clinic", "health_center", "laboratory", "pharmacy", "other"] as const;
const facilityInput = z.object({
  name: z.string().trim().min(1, "required"),
  kind: z.enum(facilityKinds, "required"),
  address: z.string(),
  phone: z.string(),
});
type FacilityInput = z.infer<typeof facilityInput>;

/** An administrator adds a facility; the API refuses anyone else (403), and says why. */
export function FacilityForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<FacilityInput>({
    resolver: zodResolver(facilityInput),
    defaultValues: { name: "", kind: "clinic", address: "", phone: "" },
  });
  const create = useMutation({
    mutationFn: coreApi.createFacility,
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ["facilities"] });
    },
    onError: (error) => showFieldErrors(error, Object.keys(facilityInput.shape), form.setError),
  });
  const fieldError = useFieldError(form.formState.errors);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="facility-form-title">
      <Title order={2} size="h3" id="facility-form-title" mb="sm">
        {t("facilities.add")}
      </Title>
      <form noValidate onSubmit={form.handleSubmit((values) => create.mutate(values))}>
        <Stack>
          <ApiErrorAlert error={create.error} />
          {create.isSuccess && (
            <Alert color="green" role="status">
              {t("facilities.created", { name: create.data.name })}
            </Alert>
          )}
          <TextInput label={t("facilities.name")} required error={fieldError("name")} {...form.register("name")} />
          <NativeSelect
            label={t("facilities.kind")}
            required
            data={facilityKinds.map((kind) => ({ value: kind, label: t(`facilityKind.${kind}`) }))}
            error={fieldError("kind")}
            {...form.register("kind")}
          />
          <TextInput label={t("facilities.address")} error={fieldError("address")} {...form.register("address")} />
          <TextInput label={t("facilities.phone")} type="tel" error={fieldError("phone")} {...form.register("phone")} />
          <Button type="submit" loading={create.isPending} w="fit-content">
            {t("facilities.addButton")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
