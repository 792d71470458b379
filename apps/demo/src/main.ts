import { runDeployment } from "@care/runtime";

// The manifest is imported only after a bundle's plug files are checked (plugs.digests.json):
// a plug changed on the server must not run even its top-level code.
await runDeployment({ root: new URL("..", import.meta.url), load: () => import("./plugs.generated.js") });
