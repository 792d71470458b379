import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Container, Group, Paper, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, useSearchParams } from "react-router";
import { z } from "zod";
import { useAuth } from "../auth/auth-context.js";
import { ApiErrorAlert } from "../forms/api-error-alert.js";
import { useFieldError } from "../forms/use-field-error.js";
import { LanguageSwitcher } from "../i18n/language-switcher.js";
import { ScreenTitle } from "../layout/screen-title.js";

const credentials = z.object({ username: z.string().trim().min(1, "required"), password: z.string().min(1, "required") });
type Credentials = z.infer<typeof credentials>;

/** Where the app goes after signing in: the page asked for, if it is one of the app's own. */
const safeNext = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/");

export function LoginScreen() {
  const { t } = useTranslation();
  const { user, signIn } = useAuth();
  const [search] = useSearchParams();
  const form = useForm<Credentials>({ resolver: zodResolver(credentials), defaultValues: { username: "", password: "" } });
  const login = useMutation({ mutationFn: (values: Credentials) => signIn(values.username, values.password) });
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
            <ApiErrorAlert error={login.error} />
            <TextInput
              label={t("auth.username")}
              autoComplete="username"
              required
              error={fieldError("username")}
              {...form.register("username")}
            />
            <PasswordInput
              label={t("auth.password")}
              autoComplete="current-password"
              // Named without "password", so the input alone answers to the label "Password".
              visibilityToggleButtonProps={{ "aria-label": t("auth.showCharacters") }}
              required
              error={fieldError("password")}
              {...form.register("password")}
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
