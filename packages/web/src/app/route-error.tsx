import { Alert, Anchor, Code, Container, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useRouteError } from "react-router";
import { ApiError } from "../api/api-error.js";
import { errorText } from "../errors/error-text.js";

/** A core screen that failed to load or render: said plainly, with a way back. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Container component="main" py="xl">
      <Alert color="red" role="alert" title={t("errors.screenFailed")}>
        {error instanceof ApiError ? (
          errorText(t, error)
        ) : (
          <>
            <Text size="sm">{t("errors.screenFailedHelp")}</Text>
            {/* In the browser's words (English, often): for whoever is asked for help, not to be translated. */}
            <Code block mt="xs">
              {error instanceof Error ? error.message : String(error)}
            </Code>
          </>
        )}
      </Alert>
      <Anchor component={Link} to="/" mt="md" display="block">
        {t("notFound.home")}
      </Anchor>
    </Container>
  );
}
