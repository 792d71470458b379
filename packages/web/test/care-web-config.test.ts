import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { UserConfig } from "vite";
import { describe, expect, it } from "vitest";
import { careWebConfig } from "../src/vite/index.js";

const webPackageDir = resolve(import.meta.dirname, "..");

function deployment(manifest = "src/ui.generated.ts"): string {
  const dir = mkdtempSync(join(tmpdir(), "care-web-config-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, manifest), "export const plugUis = [];\n");
  return dir;
}

/** careWebConfig writes its aliases as a list of { find, replacement }. */
const aliasesOf = (config: UserConfig) => (config.resolve?.alias ?? []) as unknown as { find: RegExp; replacement: string }[];

describe("careWebConfig", () => {
  it("builds @care/web's app into the deployment's dist/web, with the deployment's UI manifest as virtual:care-plug-uis", () => {
    const dir = deployment();
    const config = careWebConfig({ deploymentDir: dir });
    expect(config.root).toBe(webPackageDir);
    expect(config.base).toBe("/");
    expect(config.build?.outDir).toBe(join(dir, "dist/web"));
    expect(config.build?.emptyOutDir).toBe(true);
    expect(config.build?.sourcemap).toBe(false);
    expect(config.envDir).toBe(false);
    const aliases = aliasesOf(config);
    expect(aliases).toHaveLength(1);
    expect(aliases[0]!.find.test("virtual:care-plug-uis")).toBe(true);
    expect(aliases[0]!.find.test("virtual:care-plug-uis-extra")).toBe(false);
    expect(aliases[0]!.replacement).toBe(join(dir, "src/ui.generated.ts"));
  });

  it("takes another manifest and output folder, relative to the deployment", () => {
    const dir = deployment("src/other-ui.ts");
    const config = careWebConfig({ deploymentDir: dir, uiManifest: "src/other-ui.ts", outDir: "out/app" });
    expect(aliasesOf(config)[0]!.replacement).toBe(join(dir, "src/other-ui.ts"));
    expect(config.build?.outDir).toBe(join(dir, "out/app"));
  });

  it("refuses a deployment without its UI manifest, saying to run care sync", () => {
    const dir = mkdtempSync(join(tmpdir(), "care-web-config-"));
    expect(() => careWebConfig({ deploymentDir: dir })).toThrow(
      expect.objectContaining({ code: "web_ui_manifest_missing", message: expect.stringContaining("care sync") }),
    );
  });
});
