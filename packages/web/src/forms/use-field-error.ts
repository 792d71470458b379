import type { FieldErrors, FieldValues } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { detailText } from "../errors/error-text.js";
import { serverErrorType } from "./show-field-errors.js";

/**
 * The message under a field: the form's own checks give a key of `validation.*` ("required"); the
 * API's refusals (see showFieldErrors) are translated by their issue code, else shown in the server's words.
 */
export function useFieldError<T extends FieldValues>(errors: FieldErrors<T>): (path: string) => string | undefined {
  const { t } = useTranslation();
  return (path) => {
    const error = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as
      | { message?: unknown; type?: unknown }
      | undefined;
    if (typeof error?.message !== "string" || !error.message) return undefined;
    const [kind, code] = String(error.type).split(":");
    return kind === serverErrorType ? detailText(t, { code, message: error.message }) : t(`validation.${error.message}`);
  };
}
