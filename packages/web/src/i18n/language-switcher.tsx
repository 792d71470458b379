import { NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Language, languageStorageKey, languages } from "./languages.js";

/** Switches the app's language and remembers the choice for the next visit. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const choose = (language: Language) => {
    localStorage.setItem(languageStorageKey, language);
    void i18n.changeLanguage(language);
  };
  return (
    <NativeSelect
      label={t("language.label")}
      size="xs"
      value={i18n.resolvedLanguage ?? "en"}
      onChange={(event) => choose(event.currentTarget.value as Language)}
      data={languages.map((language) => ({ value: language, label: t(`language.${language}`) }))}
    />
  );
}
