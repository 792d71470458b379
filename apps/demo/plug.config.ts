// The demo deployment: every first-party plug will be listed here as it lands.
import { defineDeployment } from "@care/plug-manager";

export default defineDeployment({
  name: "demo",
  plugs: [],
});
