import type { PlugNames } from "../../names.js";

/**
 * .changeset/<id>-new-plug.md: the plug's first release, for `care version`. The package starts at
 * 0.1.0 while it is written and tried; its first release is 1.0.0 (`major`), so that the caret ranges
 * sites pin it with (^1.0.0) take its later fixes and features but never a breaking change.
 * The text goes into the plug's CHANGELOG.md as written: it says what the scaffolded plug does.
 */
export const changeset = (plug: PlugNames): string => `---
"${plug.packageName}": major
---

First release of the \`${plug.id}\` plug: it keeps a note of each newly registered patient in its own
schema \`plug_${plug.id}\`, and lists a patient's notes at \`GET /api/plugs/${plug.id}/patients/:patientId/notes\`.
`;
