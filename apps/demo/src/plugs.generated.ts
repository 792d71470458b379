// The deployment's manifest: what plug.config.ts lists, as static imports so a bundler keeps just
// these plugs. `care sync` will generate this file; until it exists, keep it in step by hand (a
// test checks the two agree).
import hello from "@care-plugs/hello";
import lab from "@care-plugs/lab";
import notify from "@care-plugs/notify";
import type { DeploymentManifest } from "@care/runtime";
import config from "../plug.config.js";

const configsOf = (name: string) => config.plugs.find((entry) => entry.name === name)?.configs;

const manifest: DeploymentManifest = {
  deployment: config.name,
  plugs: [
    { id: "hello", plug: hello, configs: configsOf("hello") },
    { id: "lab", plug: lab, configs: configsOf("lab") },
    { id: "notify", plug: notify, configs: configsOf("notify") },
  ],
};

export default manifest;
