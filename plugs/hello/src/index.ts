import manifest from "../package.json" with { type: "json" };
import { helloConfig } from "./config.js";
import { hello } from "./plug.js";
import { listGreetings } from "./routes/list-greetings.js";
import { recentGreetings } from "./routes/recent-greetings.js";
import { greetNewPatient } from "./signals/greet-new-patient.js";

export default hello.define({
  package: manifest,
  config: helloConfig,
  migrations: new URL("../migrations/", import.meta.url),
  on: { "patient.created": greetNewPatient },
  routes: [listGreetings, recentGreetings],
});
