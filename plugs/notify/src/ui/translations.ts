/** notify's texts (namespace `plug.notify`). */
export const en = {
  page: "Visit messages",
  intro:
    "The SMS messages sent to patients when a visit starts or ends, newest first: those the provider refused did not reach the patient.",
  filter: "Status",
  all: "All",
  status: { sent: "Sent", rejected: "Failed", skipped: "Skipped" },
  signal: { "encounter.created": "Visit started", "encounter.closed": "Visit ended" },
  columns: { when: "When", status: "Status", event: "Event", recipient: "Recipient", message: "Message", detail: "Provider answer" },
  noRecipient: "no phone number",
  attempts: "{{count}} attempts",
  empty: "No visit message yet.",
  loadFailed: "The messages could not be loaded: {{message}}",
};

export const fr: typeof en = {
  page: "Messages de visite",
  intro:
    "Les SMS envoyés aux patients au début et à la fin d'une visite, les plus récents d'abord : " +
    "ceux que le fournisseur a refusés ne sont pas parvenus au patient.",
  filter: "Statut",
  all: "Tous",
  status: { sent: "Envoyé", rejected: "Échec", skipped: "Non envoyé" },
  signal: { "encounter.created": "Début de visite", "encounter.closed": "Fin de visite" },
  columns: {
    when: "Date",
    status: "Statut",
    event: "Événement",
    recipient: "Destinataire",
    message: "Message",
    detail: "Réponse du fournisseur",
  },
  noRecipient: "pas de numéro de téléphone",
  attempts: "{{count}} tentatives",
  empty: "Aucun message de visite pour l'instant.",
  loadFailed: "Les messages n'ont pas pu être chargés : {{message}}",
};
