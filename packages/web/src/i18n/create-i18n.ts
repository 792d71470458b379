import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { languageStorageKey, languages, pickLanguage } from "./languages.js";
import { en } from "./locales/en.js";
import { fr } from "./locales/fr.js";

/**
 * The app's i18next: the core's texts in the namespace `core`; each plug's are added to `plug.<plugId>` when its
 * screens load (slots/plug-uis-provider.tsx). A missing French text falls back to English.
 */
export function createI18n(): i18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    resources: { en: { core: en }, fr: { core: fr } },
    lng: pickLanguage(localStorage.getItem(languageStorageKey), navigator.languages ?? [navigator.language]),
    supportedLngs: [...languages],
    fallbackLng: "en",
    ns: ["core"],
    defaultNS: "core",
    // React escapes what it renders already.
    interpolation: { escapeValue: false },
    // The resources are here: initialise now, so the first render has its texts.
    initAsync: false,
  });
  const showLanguage = (language: string) => {
    document.documentElement.lang = language;
  };
  showLanguage(instance.language);
  instance.on("languageChanged", showLanguage);
  return instance;
}
