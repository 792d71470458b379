import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Checkbox, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useFacilities } from "../api/use-facilities.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { showFieldErrors } from "../forms/show-field-errors.js";
import { useFieldError } from "../forms/use-field-error.js";
import { newUserSchema, type UserFormValues, userFormSchema, userRoles } from "./user-form-values.js";

interface UserFormProps {
  initial: UserFormValues;
  /** A new user: username and password are asked for; an existing one keeps both unless a password is typed. */
  isNew: boolean;
  submitLabel: string;
  save: (values: UserFormValues) => Promise<unknown>;
  onSaved: () => void;
  onCancel?: () => void;
}

/** Creating and editing a user: name, roles, facilities, and whether the account may sign in. */
export function UserForm({ initial, isNew, submitLabel, save, onSaved, onCancel }: UserFormProps) {
  const { t } = useTranslation();
  const facilities = useFacilities();
  const form = useForm<UserFormValues>({ resolver: zodResolver(isNew ? newUserSchema : userFormSchema), defaultValues: initial });
  const fieldError = useFieldError(form.formState.errors);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      form.reset(initial);
      onSaved();
    },
    onError: (error) => showFieldErrors(error, Object.keys(userFormSchema.shape), form.setError),
  });
  return (
    <form noValidate onSubmit={form.handleSubmit((values) => mutation.mutate(values))}>
      <Stack maw={560}>
        <ApiErrorAlert error={mutation.error} />
        {isNew && (
          <TextInput
            label={t("console.users.username")}
            required
            autoComplete="off"
            error={fieldError("username")}
            {...form.register("username")}
          />
        )}
        <TextInput
          label={t("console.users.displayName")}
          required
          autoComplete="off"
          error={fieldError("displayName")}
          {...form.register("displayName")}
        />
        <PasswordInput
          label={isNew ? t("console.users.password") : t("console.users.newPassword")}
          description={isNew ? undefined : t("console.users.keepPassword")}
          required={isNew}
          autoComplete="new-password"
          error={fieldError("password")}
          {...form.register("password")}
        />
        <Controller
          control={form.control}
          name="roles"
          render={({ field }) => (
            <Checkbox.Group
              label={t("console.users.roles")}
              required
              value={field.value}
              onChange={field.onChange}
              error={fieldError("roles")}
            >
              <Group mt="xs">
                {userRoles.map((role) => (
                  <Checkbox key={role} value={role} label={t(`console.role.${role}`)} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
        />
        <Controller
          control={form.control}
          name="facilityIds"
          render={({ field }) => (
            <Checkbox.Group
              label={t("console.users.facilities")}
              value={field.value}
              onChange={field.onChange}
              error={fieldError("facilityIds")}
            >
              {facilities.items.length === 0 ? (
                <Text size="sm">{t("console.users.noFacilities")}</Text>
              ) : (
                <Group mt="xs">
                  {facilities.items.map((facility) => (
                    <Checkbox key={facility.id} value={facility.id} label={facility.name} />
                  ))}
                </Group>
              )}
            </Checkbox.Group>
          )}
        />
        {!isNew && <Checkbox label={t("console.users.active")} {...form.register("active")} />}
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t("console.cancel")}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
