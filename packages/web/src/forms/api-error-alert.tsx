import { Alert, List } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/api-error.js";

/** A refused request as the API explained it: its code, its message, and each field's problem. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : new ApiError(0, "internal_error", String(error));
  return (
    <Alert color="red" role="alert" title={t("errors.title", { code: apiError.code })}>
      {apiError.message}
      {apiError.details.length > 0 && (
        <List size="sm" mt="xs">
          {apiError.details.map((detail) => (
            <List.Item key={`${detail.path}:${detail.message}`}>
              {detail.path}: {detail.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
