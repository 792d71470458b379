import { runDeployment } from "@care/runtime";
import manifest from "./plugs.generated.js";

await runDeployment(manifest);
