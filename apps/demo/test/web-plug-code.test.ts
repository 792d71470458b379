import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { careWebConfig } from "@care/web/vite";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A deployment's web build holds the screens of the plugs it chose and not a byte of the others. Two builds of this
// deployment's app, from two manifests as `care sync` writes them (a dynamic import per plug): hello alone, and hello with lab.
const demoDir = fileURLToPath(new URL("..", import.meta.url));
// Under the demo's node_modules, so the manifests' imports resolve to the demo's installed plugs.
const scratch = join(demoDir, "node_modules/.cache/care-web-plug-code");

const manifest = (plugs: string[]) =>
  [
    'import type { PlugUi } from "@care/plug-sdk/ui";',
    "export const plugUis: { plugId: string; load: () => Promise<{ default: PlugUi }> }[] = [",
    ...plugs.map((id) => `  { plugId: "${id}", load: () => import("@care-plugs/${id}/ui") },`),
    "];",
  ].join("\n");

/** A build's scripts: all of them, and those index.html loads before the first screen (its entry and preloads). */
interface BuiltScripts {
  all: string;
  firstLoad: string;
}

async function buildWith(name: string, plugs: string[]): Promise<BuiltScripts> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "ui.generated.ts"), manifest(plugs));
  const outDir = join(dir, "web");
  await build({
    ...careWebConfig({ deploymentDir: demoDir, uiManifest: join(dir, "ui.generated.ts"), outDir }),
    configFile: false,
    logLevel: "error",
  });
  const scripts = readdirSync(outDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".js"));
  const html = readFileSync(join(outDir, "index.html"), "utf8");
  const firstFiles = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map(
    (match) => match[1]!,
  );
  expect(firstFiles.length).toBeGreaterThan(0);
  const read = (files: string[]) => files.map((file) => readFileSync(join(outDir, file), "utf8")).join("\n");
  return { all: read(scripts), firstLoad: read(firstFiles) };
}

// Texts only lab's screens carry (its translations), and one of hello's.
const labTexts = ["Lab orders", "Order a test", "No lab orders yet."];
const helloText = "Newest greetings of new patients";

describe("a deployment's web build", () => {
  let helloOnly: BuiltScripts;
  let helloAndLab: BuiltScripts;
  beforeAll(async () => {
    helloOnly = await buildWith("hello", ["hello"]);
    helloAndLab = await buildWith("hello-lab", ["hello", "lab"]);
  }, 300_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("carries a chosen plug's screens", () => {
    expect(helloOnly.all).toContain(helloText);
    for (const text of labTexts) expect(helloAndLab.all).toContain(text);
  });

  it("has no code of a plug the deployment did not choose", () => {
    for (const text of labTexts) expect(helloOnly.all).not.toContain(text);
    expect(helloOnly.all).not.toContain("@care-plugs/lab");
  });

  it("keeps the plugs' code out of what loads before the first screen: each plug's screens are their own chunk", () => {
    for (const text of [...labTexts, helloText]) expect(helloAndLab.firstLoad).not.toContain(text);
  });
});
