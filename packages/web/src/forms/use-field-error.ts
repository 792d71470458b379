import type { FieldErrors, FieldValues } from "react-hook-form";
import { useTranslation } from "react-i18next";

/**
 * The message under a field: the form's own checks give a key of `validation.*` ("required"); the
 * API's refusals (type "server", see showFieldErrors) are already in words and shown as they are.
 */
export function useFieldError<T extends FieldValues>(errors: FieldErrors<T>): (path: string) => string | undefined {
  const { t } = useTranslation();
  return (path) => {
    const error = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as
      | { message?: unknown; type?: unknown }
      | undefined;
    if (typeof error?.message !== "string" || !error.message) return undefined;
    return error.type === "server" ? error.message : t(`validation.${error.message}`);
  };
}
