import type { PlugNames } from "../../names.js";

/** .changeset/<id>-new-plug.md: the first release of the plug, for `pnpm changeset version`. */
export const changeset = (plug: PlugNames): string => `---
"${plug.packageName}": minor
---

New plug \`${plug.id}\`: notes each newly registered patient in its own table (schema \`plug_${plug.id}\`)
and lists a patient's notes at \`GET /api/plugs/${plug.id}/patients/:patientId/notes\`.
(Written by \`care plug new\`: before releasing, say here what the plug does for the people who run Care.)
`;
