import type { PlugNames } from "../../../names.js";

/** src/ui/translations.ts: the texts of the plug's screens, in every language the web app offers. */
export const uiTranslations = (
  plug: PlugNames,
): string => `// The texts of ${plug.id}'s screens (namespace plug.${plug.id}); i18next interpolates {{name}}.
export const en = {
  tab: "${plug.title}",
  title: "Notes",
  loading: "Loading the notes…",
  failed: "The notes could not be loaded: {{message}}",
  empty: "No notes yet.",
};

export const fr: typeof en = {
  tab: "${plug.title}",
  title: "Notes",
  loading: "Chargement des notes…",
  failed: "Les notes n'ont pas pu être chargées : {{message}}",
  empty: "Aucune note pour l'instant.",
};
`;
