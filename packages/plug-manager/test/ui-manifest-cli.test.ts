import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care } from "./temp-workspace.js";

/** What definePlug returns, without depending on @care/runtime: the packed plug needs nothing installed. */
const plugSource = `import { readFileSync } from "node:fs";
export default { kind: "care-plug", package: JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) };
`;

const configSource = (plugs: string[]) => `export default {
  name: "site",
  plugs: [
${plugs.map((line) => `    ${line},`).join("\n")}
  ],
  trust: { unsigned: ["workspace", "file"] },
};
`;
const archive = (id: string) => `{ name: "${id}", package: "file:./vendor/fixtures-${id}-1.0.0.tgz" }`;

/**
 * The deployment's src/ui.generated.ts as `care sync` writes it and `care check` compares it, in a
 * small workspace whose plugs are local archives: charts and forms have a web interface, audit has none.
 */
describe("care sync's ui manifest", () => {
  let workspace: string;
  const uiManifest = () => readFile(join(workspace, "apps/site/src/ui.generated.ts"), "utf8");
  const writeConfig = (plugs: string[]) => writeFile(join(workspace, "apps/site/plug.config.ts"), configSource(plugs));

  async function packPlug(id: string, ui: { declared?: string; exported?: boolean; built?: boolean } = {}) {
    const dir = join(workspace, "plug-sources", id);
    await mkdir(dir, { recursive: true });
    const manifest = {
      name: `@fixtures/${id}`,
      version: "1.0.0",
      type: "module",
      main: "./index.js",
      exports: {
        ".": "./index.js",
        ...(ui.exported !== false && ui.declared && { [ui.declared]: { types: "./ui.d.ts", import: "./ui.js" } }),
        "./package.json": "./package.json",
      },
      files: ["*.js"],
      care: { plug: { id, core: "*", contract: "^1.0.0", ...(ui.declared && { ui: ui.declared }) } },
    };
    await writeFile(join(dir, "package.json"), JSON.stringify(manifest));
    await writeFile(join(dir, "index.js"), plugSource);
    if (ui.declared && ui.built !== false) await writeFile(join(dir, "ui.js"), "export default { patientTabs: [] };\n");
    const packed = await care(workspace, ["pack", `plug-sources/${id}`, "-o", "apps/site/vendor"]);
    expect(packed.code, packed.output).toBe(0);
  }

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-ui-manifest-"));
    await writeFile(join(workspace, "package.json"), '{ "name": "ui-manifest-fixture", "private": true }\n');
    await writeFile(join(workspace, "pnpm-workspace.yaml"), 'packages:\n  - "apps/*"\n');
    await mkdir(join(workspace, "apps/site/src"), { recursive: true });
    await writeFile(join(workspace, "apps/site/package.json"), '{ "name": "@care-deploy/site", "private": true, "type": "module" }\n');
    await packPlug("forms", { declared: "./ui" });
    await packPlug("audit");
    await packPlug("charts", { declared: "./screens" });
    await packPlug("broken", { declared: "./ui", built: false });
    await packPlug("hidden", { declared: "./ui", exported: false });
  }, 120_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("lists the enabled plugs with a web interface, in id order, and not a plug without one", async () => {
    await writeConfig([archive("forms"), archive("audit"), archive("charts")]);
    const synced = await care(workspace, ["sync", "-d", "site"]);
    expect(synced.code, synced.output).toBe(0);
    const manifest = await uiManifest();
    expect(manifest).toContain('import type { PlugUi } from "@care/plug-sdk/ui";');
    // Each plug's interface behind its own dynamic import: the app loads them at start and leaves out one that fails.
    expect(manifest).toContain(
      [
        "export const plugUis: { plugId: string; load: () => Promise<{ default: PlugUi }> }[] = [",
        '  { plugId: "charts", load: () => import("@fixtures/charts/screens") },',
        '  { plugId: "forms", load: () => import("@fixtures/forms/ui") },',
        "];",
      ].join("\n"),
    );
    expect(manifest).not.toMatch(/^import \w+ from/m);
    expect(manifest).not.toContain("audit");
    const checked = await care(workspace, ["check", "-d", "site"]);
    expect(checked.output).not.toContain("ui_manifest_stale");
  });

  it("drops a plug once it is switched off, and care check flags a manifest that is not what sync writes", async () => {
    const disabled = await care(workspace, ["plug", "disable", "forms", "-d", "site"]);
    expect(disabled.code, disabled.output).toBe(0);
    const manifest = await uiManifest();
    expect(manifest).toContain('{ plugId: "charts", load: () => import("@fixtures/charts/screens") }');
    expect(manifest).not.toContain("forms");

    await writeFile(join(workspace, "apps/site/src/ui.generated.ts"), manifest.replace('"charts"', '"chart"'));
    const checked = await care(workspace, ["check", "-d", "site"]);
    expect(checked.code, checked.output).toBe(1);
    expect(checked.output).toContain("[ui_manifest_stale] apps/site/src/ui.generated.ts is not what `care sync` writes");
    expect(checked.output).toContain("pnpm care sync -d site");
  });

  it("shows a plug's web screens in the review care plug add prints, and adds it to the manifest", async () => {
    await writeConfig([archive("audit"), archive("charts")]);
    expect((await care(workspace, ["sync", "-d", "site"])).code).toBe(0);
    const added = await care(workspace, ["plug", "add", "./apps/site/vendor/fixtures-forms-1.0.0.tgz", "-d", "site", "--yes"]);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toMatch(/web screens\s+\.\/ui \(runs in staff browsers\)\n/);
    expect(await uiManifest()).toContain('{ plugId: "forms", load: () => import("@fixtures/forms/ui") }');
  });

  it("refuses a plug whose declared interface is not exported or not built, writing no manifest", async () => {
    const before = await uiManifest();
    for (const [id, message] of [
      ["broken", 'plug broken: its web interface ./ui.js ("./ui" of @fixtures/broken) does not exist'],
      ["hidden", `plug hidden: care.plug.ui is "./ui", but @fixtures/hidden's package.json exports no "./ui"`],
    ] as const) {
      await writeConfig([archive("audit"), archive("charts"), archive(id)]);
      const refused = await care(workspace, ["sync", "-d", "site"]);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain(`[plug_ui_missing] ${message}`);
      expect(await uiManifest()).toBe(before);
    }
  });
});
