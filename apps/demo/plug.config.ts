// The demo deployment: the three first-party plugs. It starts with no set-up at all, so notify
// stays off until a provider is given: NOTIFY_URL and NOTIFY_API_KEY in the environment.
import { defineDeployment, env, plug } from "@care/plug-manager";

export default defineDeployment({
  name: "demo",
  plugs: [
    plug({ name: "hello", package: "@care-plugs/hello", version: "workspace:^", configs: { greeting: "Welcome" } }),
    plug({ name: "lab", package: "@care-plugs/lab", version: "workspace:^" }),
    plug({
      name: "notify",
      package: "@care-plugs/notify",
      version: "workspace:^",
      configs: {
        ENABLED: () => Boolean(process.env.NOTIFY_URL),
        SERVICE_URL: env("NOTIFY_URL"),
        SERVICE_API_KEY: env("NOTIFY_API_KEY"),
        SENDER: "Care Demo",
      },
    }),
  ],
});
