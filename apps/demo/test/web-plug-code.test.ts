import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { careWebConfig } from "@care/web/vite";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A deployment's web build holds the screens of the plugs it chose and not a byte of the others. Two builds of this
// deployment's app, from two manifests as `care sync` writes them: hello alone, and hello with lab.
const demoDir = fileURLToPath(new URL("..", import.meta.url));
// Under the demo's node_modules, so the manifests' imports resolve to the demo's installed plugs.
const scratch = join(demoDir, "node_modules/.cache/care-web-plug-code");

const manifest = (plugs: string[]) =>
  [
    'import type { PlugUi } from "@care/plug-sdk/ui";',
    ...plugs.map((id) => `import ${id} from "@care-plugs/${id}/ui";`),
    `export const plugUis: { plugId: string; ui: PlugUi }[] = [${plugs.map((id) => `{ plugId: "${id}", ui: ${id} }`).join(", ")}];`,
  ].join("\n");

async function buildWith(name: string, plugs: string[]): Promise<string> {
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
  return scripts.map((file) => readFileSync(join(outDir, file), "utf8")).join("\n");
}

// Texts only lab's screens carry (its translations), and one of hello's.
const labTexts = ["Lab orders", "Order a test", "No lab orders yet."];
const helloText = "Newest greetings of new patients";

describe("a deployment's web build", () => {
  let helloOnly: string;
  let helloAndLab: string;
  beforeAll(async () => {
    helloOnly = await buildWith("hello", ["hello"]);
    helloAndLab = await buildWith("hello-lab", ["hello", "lab"]);
  }, 300_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("carries a chosen plug's screens", () => {
    expect(helloOnly).toContain(helloText);
    for (const text of labTexts) expect(helloAndLab).toContain(text);
  });

  it("has no code of a plug the deployment did not choose", () => {
    for (const text of labTexts) expect(helloOnly).not.toContain(text);
    expect(helloOnly).not.toContain("@care-plugs/lab");
  });
});
