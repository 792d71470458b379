// Generated from plug.config.ts by `care sync`. Do not edit: run `pnpm care sync -d demo` instead.
import type { DeploymentManifest } from "@care/runtime";

const manifest: DeploymentManifest = {
  deployment: "demo",
  plugs: [],
};

export default manifest;
