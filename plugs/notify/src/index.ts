import manifest from "../package.json" with { type: "json" };
import { notifyConfig } from "./config.js";
import { notify } from "./plug.js";
import { listAllMessages } from "./routes/list-all-messages.js";
import { listMessages } from "./routes/list-messages.js";
import { onEncounterClosed, onEncounterCreated } from "./signals/send-visit-message.js";

export default notify.define({
  package: manifest,
  config: notifyConfig,
  migrations: new URL("../migrations/", import.meta.url),
  on: { "encounter.created": onEncounterCreated, "encounter.closed": onEncounterClosed },
  routes: [listMessages, listAllMessages],
});
