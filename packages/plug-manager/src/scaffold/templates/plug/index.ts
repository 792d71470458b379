import type { PlugNames } from "../../names.js";

/** src/index.ts: the plug itself, default-exported for deployments to import. */
export const index = (plug: PlugNames): string => `import manifest from "../package.json" with { type: "json" };
import { ${plug.camel}Config } from "./config.js";
import { ${plug.camel} } from "./plug.js";
import { listPatientNotes } from "./routes/list-patient-notes.js";
import { noteNewPatient } from "./signals/note-new-patient.js";

export default ${plug.camel}.define({
  package: manifest,
  config: ${plug.camel}Config,
  migrations: new URL("../migrations/", import.meta.url),
  on: { "patient.created": noteNewPatient },
  routes: [listPatientNotes],
});
`;
