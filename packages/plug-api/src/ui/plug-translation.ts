import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { plugNamespace, usePlugId } from "./plug-scope.js";

export interface PlugTranslation {
  /** A text of the plug's translations (namespace `plug.<plugId>`), with i18next's interpolation options. */
  t: (key: string, options?: Record<string, unknown>) => string;
  /** The language shown, e.g. "en". */
  locale: string;
}

/** The plug's own texts in the user's language; the web app loads them from the PlugUi's `translations`. */
export function usePlugTranslation(): PlugTranslation {
  const { t, i18n } = useTranslation(plugNamespace(usePlugId()));
  const locale = i18n.language;
  // The same object while the language stays: screens may list `t` among an effect's dependencies.
  return useMemo(() => ({ t: (key, options) => String(t(key, options)), locale }), [t, locale]);
}
