import type { PlugNames } from "../../names.js";

/** src/index.ts: the plug itself, default-exported for deployments to import. */
export const index = (plug: PlugNames): string => `import { definePlug } from "@care/plug-sdk";
import manifest from "../package.json" with { type: "json" };
import { ${plug.camel}Config } from "./config.js";
import { listPatientNotes } from "./routes/list-patient-notes.js";
import { noteNewPatient } from "./signals/note-new-patient.js";

export default definePlug({
  package: manifest,
  config: ${plug.camel}Config,
  migrations: new URL("../migrations/", import.meta.url),
  on: { "patient.created": noteNewPatient },
  routes: [listPatientNotes],
});
`;
