// What a plug's screens import: the web interface contract of @care/plug-api/ui (defineUi, the
// typed route hooks, translations, the signed-in user). Kept off the root entry: a backend never loads React.
export * from "@care/plug-api/ui";
