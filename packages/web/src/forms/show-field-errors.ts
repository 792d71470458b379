import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api/api-error.js";

/** The error `type` of an API refusal on a field; the code, when given, follows it (`server:too_small`). */
export const serverErrorType = "server";

/**
 * Puts each detail of the API's refusal on the field it names (`identifiers.0.value` is that
 * field's name in the form too), so the message shows under the input it concerns.
 */
export function showFieldErrors<T extends FieldValues>(error: unknown, fields: readonly string[], setError: UseFormSetError<T>): void {
  if (!(error instanceof ApiError)) return;
  for (const detail of error.details) {
    const top = detail.path.split(".")[0] ?? "";
    const type = detail.code ? `${serverErrorType}:${detail.code}` : serverErrorType;
    if (fields.includes(top)) setError(detail.path as Path<T>, { type, message: detail.message });
  }
}
