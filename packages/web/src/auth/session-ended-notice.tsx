import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuth } from "./auth-context.js";

/** On the sign-in screen after the server ended the session (it expired): why the user is here again. */
export function SessionEndedNotice() {
  const { t } = useTranslation();
  const { sessionEnded } = useAuth();
  if (sessionEnded !== "expired") return null;
  return (
    <Alert color="yellow" role="status" title={t("errors.sessionExpired")}>
      {t("errors.sessionExpiredHelp")}
    </Alert>
  );
}
