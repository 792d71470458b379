import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api/api-error.js";

/**
 * Puts each detail of the API's refusal on the field it names (`identifiers.0.value` is that
 * field's name in the form too), so the message shows under the input it concerns.
 */
export function showFieldErrors<T extends FieldValues>(error: unknown, fields: readonly string[], setError: UseFormSetError<T>): void {
  if (!(error instanceof ApiError)) return;
  for (const detail of error.details) {
    const top = detail.path.split(".")[0] ?? "";
    if (fields.includes(top)) setError(detail.path as Path<T>, { type: "server", message: detail.message });
  }
}
