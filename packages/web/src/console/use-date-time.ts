import { useTranslation } from "react-i18next";
import { formatDateTime } from "../screens/format-date-time.js";

/** A timestamp of the console in the user's language; a dash when there is none (a step never run). */
export function useDateTime(): (iso: string | null | undefined) => string {
  const { i18n } = useTranslation();
  return (iso) => (iso ? formatDateTime(iso, i18n.language) : "—");
}
