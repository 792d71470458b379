/** hello's texts (namespace `plug.hello`). */
export const en = {
  widget: "Greetings",
  page: "Greetings",
  hello: "Hello, {{name}}!",
  recent: "Newest greetings of new patients",
  all: "The greetings sent to newly registered patients of your facilities, newest first.",
  empty: "No patient has been greeted yet: register one.",
  loadFailed: "The greetings could not be loaded: {{message}}",
};

export const fr: typeof en = {
  widget: "Salutations",
  page: "Salutations",
  hello: "Bonjour, {{name}} !",
  recent: "Dernières salutations aux nouveaux patients",
  all: "Les salutations adressées aux patients nouvellement inscrits de vos établissements, les plus récentes d'abord.",
  empty: "Aucun patient n'a encore été salué : inscrivez-en un.",
  loadFailed: "Les salutations n'ont pas pu être chargées : {{message}}",
};
