import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Facility } from "../api/core-api.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { showFieldErrors } from "../forms/show-field-errors.js";
import { useFieldError } from "../forms/use-field-error.js";
import { consoleApi } from "./console-api.js";
import { ConsoleModal } from "./console-modal.js";

const renameInput = z.object({ name: z.string().trim().min(1, "required") });
type RenameInput = z.infer<typeof renameInput>;

/** An administrator renames a facility (PATCH /facilities/:id); the facilities screen shows it on each row. */
export function FacilityRename({ facility }: { facility: Facility }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm<RenameInput>({ resolver: zodResolver(renameInput), defaultValues: { name: facility.name } });
  const fieldError = useFieldError(form.formState.errors);
  const rename = useMutation({
    mutationFn: ({ name }: RenameInput) => consoleApi.updateFacility(facility.id, { name }),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries({ queryKey: ["facilities"] });
    },
    onError: (error) => showFieldErrors(error, ["name"], form.setError),
  });
  const start = () => {
    form.reset({ name: facility.name });
    rename.reset();
    open();
  };
  return (
    <>
      <Button size="xs" variant="default" aria-label={t("console.facilities.renameOne", { name: facility.name })} onClick={start}>
        {t("console.facilities.rename")}
      </Button>
      <ConsoleModal opened={opened} onClose={close} title={t("console.facilities.renameTitle", { name: facility.name })}>
        <form noValidate onSubmit={form.handleSubmit((values) => rename.mutate(values))}>
          <Stack>
            <ApiErrorAlert error={rename.error} />
            <TextInput label={t("console.facilities.newName")} required error={fieldError("name")} {...form.register("name")} />
            <Group>
              <Button type="submit" loading={rename.isPending}>
                {t("console.facilities.save")}
              </Button>
              <Button variant="default" onClick={close}>
                {t("console.cancel")}
              </Button>
            </Group>
          </Stack>
        </form>
      </ConsoleModal>
    </>
  );
}
