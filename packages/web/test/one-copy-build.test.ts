import { cpSync, mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { careWebConfig } from "../src/vite/index.js";

// A plug installed with copies of its own (an archive that carried them, a mismatched install): React, and the
// SDK with the UI contract under it. Two Reacts break every hook; two contracts hide the host's contexts from the plug.
const webDir = resolve(import.meta.dirname, "..");
// Under @care/web's node_modules, so the host's libraries resolve as from a deployment's.
const scratch = join(webDir, "node_modules/.cache/care-web-one-copy");
const plugDir = join(scratch, "node_modules/@care-plugs/twin");
const sdkCopy = join(plugDir, "node_modules/@care/plug-sdk");
const contractCopy = join(sdkCopy, "node_modules/@care/plug-api");

/** The files that hold each package's code: one per copy in the emitted JS (the workspace's contract is packages/plug-api). */
const reactModule = "/react/cjs/react.production.js";
const contractModule = "/plug-api/dist/ui/index.js";

function installTwinPlug(): void {
  rmSync(scratch, { recursive: true, force: true });
  cpSync(realpathSync(join(webDir, "node_modules/react")), join(plugDir, "node_modules/react"), { recursive: true });
  for (const [from, to] of [
    [join(webDir, "../plug-sdk"), sdkCopy],
    [join(webDir, "../plug-api"), contractCopy],
  ] as const) {
    mkdirSync(to, { recursive: true });
    cpSync(join(from, "package.json"), join(to, "package.json"));
    cpSync(join(from, "dist/ui"), join(to, "dist/ui"), { recursive: true });
  }
  writeFileSync(
    join(plugDir, "package.json"),
    JSON.stringify({ name: "@care-plugs/twin", version: "1.0.0", type: "module", exports: { "./ui": "./ui.js" } }),
  );
  writeFileSync(
    join(plugDir, "ui.js"),
    [
      'import { createElement, useState } from "react";',
      'import { defineUi, useCareHost } from "@care/plug-sdk/ui";',
      "function TwinTab() {",
      "  const host = useCareHost();",
      "  const [count] = useState(1);",
      '  return createElement("p", null, String(count), String(Boolean(host)));',
      "}",
      'export default defineUi({ patientTabs: [{ id: "twin", title: "Twin", component: TwinTab }] });',
    ].join("\n"),
  );
  writeFileSync(
    join(scratch, "ui.generated.ts"),
    'import twin from "@care-plugs/twin/ui";\nexport const plugUis = [{ plugId: "twin", ui: twin }];\n',
  );
}

interface BuiltChunk {
  type: string;
  modules?: Record<string, { renderedLength: number }>;
}

/** The real files whose code the emitted JS carries (tree-shaken-away modules left out), from the build's own record. */
async function emittedModules(outDir: string, dedupe?: string[]): Promise<string[]> {
  const config = careWebConfig({ deploymentDir: scratch, uiManifest: "ui.generated.ts", outDir });
  if (dedupe) config.resolve = { ...config.resolve, dedupe };
  const result = (await build({ ...config, configFile: false, logLevel: "error" })) as { output: BuiltChunk[] };
  return result.output.flatMap((chunk) =>
    Object.entries(chunk.modules ?? {})
      .filter(([, module]) => module.renderedLength > 0)
      .map(([id]) => id),
  );
}

const copiesOf = (modules: string[], file: string) => new Set(modules.filter((id) => id.endsWith(file))).size;

describe("a deployment's web build, with a plug that brought its own React and SDK", () => {
  let built: string[];
  let undeduped: string[];
  beforeAll(async () => {
    installTwinPlug();
    built = await emittedModules("web");
    // The same build without careWebConfig's dedupe: shows the plug's copies are really there to be picked up.
    undeduped = await emittedModules("web-undeduped", []);
  }, 300_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("carries the plug's screen", () => {
    expect(built.some((id) => id.endsWith("/@care-plugs/twin/ui.js"))).toBe(true);
  });

  it("carries one React and one UI contract: the host's, which the plug's screens share", () => {
    expect(copiesOf(built, reactModule)).toBe(1);
    expect(copiesOf(built, contractModule)).toBe(1);
    expect(built.some((id) => id.startsWith(plugDir) && !id.endsWith("/ui.js") && !id.startsWith(sdkCopy))).toBe(false);
    expect(built.some((id) => id.startsWith(contractCopy))).toBe(false);
  });

  it("would carry two of each without the dedupe (so the test above can fail)", () => {
    expect(copiesOf(undeduped, reactModule)).toBe(2);
    expect(copiesOf(undeduped, contractModule)).toBe(2);
  });
});
