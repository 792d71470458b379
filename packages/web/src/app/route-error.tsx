import { Alert, Anchor, Container } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useRouteError } from "react-router";

/** A core screen that failed to load or render: said plainly, with a way back. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Container component="main" py="xl">
      <Alert color="red" role="alert" title={t("errors.screenFailed")}>
        {error instanceof Error ? error.message : String(error)}
      </Alert>
      <Anchor component={Link} to="/" mt="md" display="block">
        {t("notFound.home")}
      </Anchor>
    </Container>
  );
}
