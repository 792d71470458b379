/** The languages the core's screens are complete in (a test keeps their keys equal). */
export const languages = ["en", "fr"] as const;
export type Language = (typeof languages)[number];

/** Where the user's choice of language is kept between visits. */
export const languageStorageKey = "care.language";

/**
 * The language to show: the user's stored choice, else the first of the browser's preferred
 * languages the app has ("fr-CA" counts as "fr"), else English.
 */
export function pickLanguage(stored: string | null, preferred: readonly string[]): Language {
  const candidates = [stored, ...preferred].filter((value): value is string => Boolean(value));
  for (const candidate of candidates) {
    const base = candidate.toLowerCase().split("-")[0];
    const match = languages.find((language) => language === base);
    if (match) return match;
  }
  return "en";
}
