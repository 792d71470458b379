import { Button, Fieldset, Group, Stack, Text, TextInput } from "@mantine/core";
import { useFieldArray, useFormContext } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useFieldError } from "../forms/use-field-error.js";
import type { PatientFormValues } from "./patient-form-values.js";

/** A patient's identifiers (national id, medical record number…): one value per system. */
export function IdentifiersEditor() {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<PatientFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "identifiers" });
  const fieldError = useFieldError(formState.errors);
  return (
    <Fieldset legend={t("identifiers.legend")}>
      <Stack gap="xs">
        {fields.length === 0 && <Text size="sm">{t("identifiers.none")}</Text>}
        {fields.map((field, index) => (
          <Group key={field.id} align="flex-start" wrap="wrap">
            <TextInput
              label={t("identifiers.system", { number: index + 1 })}
              required
              error={fieldError(`identifiers.${index}.system`)}
              {...register(`identifiers.${index}.system`)}
            />
            <TextInput
              label={t("identifiers.value", { number: index + 1 })}
              required
              error={fieldError(`identifiers.${index}.value`)}
              {...register(`identifiers.${index}.value`)}
            />
            <Button variant="subtle" color="red" mt={24} onClick={() => remove(index)}>
              {t("identifiers.remove", { number: index + 1 })}
            </Button>
          </Group>
        ))}
        <Button variant="default" w="fit-content" onClick={() => append({ system: "", value: "" })}>
          {t("identifiers.add")}
        </Button>
        {fieldError("identifiers") && (
          <Text c="red" size="sm" role="alert">
            {fieldError("identifiers")}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
