import type { TFunction } from "i18next";
import { ApiError, type ApiErrorDetail } from "../api/api-error.js";

/**
 * Any failure as an ApiError: a plug screen's PlugRequestError carries the same status, code and details;
 * anything without a code (a bug) is an internal_error, its message kept for the logs.
 */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const coded = error as Partial<ApiError> | null;
  if (typeof coded?.code === "string" && typeof coded.message === "string") {
    return new ApiError(typeof coded.status === "number" ? coded.status : 0, coded.code, coded.message, coded.details ?? []);
  }
  return new ApiError(0, "internal_error", error instanceof Error ? error.message : String(error));
}

/**
 * A refusal in the reader's language, chosen by its stable code (the API's messages are English and may
 * change). A code without a text here (a plug's own) shows the server's message as it came.
 */
export const errorText = (t: TFunction, error: ApiError): string =>
  t(`errors.codes.${error.code}`, { defaultValue: error.message, status: error.status });

/** One field's problem: by the validation issue's code when the server gives one, else the server's words. */
export const detailText = (t: TFunction, detail: Pick<ApiErrorDetail, "code" | "message">): string =>
  detail.code ? t(`errors.fields.${detail.code}`, { defaultValue: detail.message }) : detail.message;
