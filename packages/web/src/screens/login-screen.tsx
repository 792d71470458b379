import { Button, Container, Group, Paper, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, useSearchParams } from "react-router";
import { useAuth } from "../auth/auth-context.js";
import { SessionEndedNotice } from "../auth/session-ended-notice.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { useFieldError } from "../forms/use-field-error.js";
import { LanguageSwitcher } from "../i18n/language-switcher.js";
import { ScreenTitle } from "../layout/screen-title.js";

interface Credentials {
  username: string;
  password: string;
}

// react-hook-form's own rules rather than a zod schema as in the app's other forms: the sign-in screen is in the
// first load every user waits for, and zod would add about 24 KiB gzipped to it for two required fields.
const required = { required: "required" } as const;
const username = { ...required, setValueAs: (value: string) => value.trim(), validate: (value: string) => value !== "" || "required" };

/** Where the app goes after signing in: the page asked for, if it is one of the app's own. */
const safeNext = (next: string | null) => {
  if (!next?.startsWith("/") || next.includes("\\")) return "/";
  return new URL(next, location.origin).origin === location.origin ? next : "/";
};

export function LoginScreen() {
  const { t } = useTranslation();
  const { user, signIn } = useAuth();
  const [search] = useSearchParams();
  const login = useMutation({ mutationFn: (values: Credentials) => signIn(values.username, values.password) });
  const form = useForm<Credentials>({ defaultValues: { username: "", password: "" } });
  const fieldError = useFieldError(form.formState.errors);
  if (user) return <Navigate to={safeNext(search.get("next"))} replace />;
  return (
    <Container size={420} py="xl" component="main">
      <Group justify="flex-end">
        <LanguageSwitcher />
      </Group>
      <ScreenTitle ta="center" my="lg">
        {t("auth.title")}
      </ScreenTitle>
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={form.handleSubmit((values) => login.mutate(values))} noValidate>
          <Stack>
            {!login.error && <SessionEndedNotice />}
            <ApiErrorAlert error={login.error} />
            <TextInput
              label={t("auth.username")}
              autoComplete="username"
              required
              error={fieldError("username")}
              {...form.register("username", username)}
            />
            <PasswordInput
              label={t("auth.password")}
              autoComplete="current-password"
              // Named without "password", so the input alone answers to the label "Password".
              visibilityToggleButtonProps={{ "aria-label": t("auth.showCharacters") }}
              required
              error={fieldError("password")}
              {...form.register("password", required)}
            />
            <Button type="submit" loading={login.isPending}>
              {t("auth.signIn")}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
