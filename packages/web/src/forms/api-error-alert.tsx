import { Alert, List } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { asApiError, detailText, errorText } from "../errors/error-text.js";

/** A refused request as the API explained it, in the reader's language: its code, what it means, each field's problem. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = asApiError(error);
  return (
    <Alert color="red" role="alert" title={t("errors.title", { code: apiError.code })}>
      {errorText(t, apiError)}
      {apiError.details.length > 0 && (
        <List size="sm" mt="xs">
          {apiError.details.map((detail) => (
            <List.Item key={`${detail.path}:${detail.message}`}>
              {detail.path}: {detailText(t, detail)}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
