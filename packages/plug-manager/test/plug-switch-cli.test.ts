import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care } from "./temp-workspace.js";

/** What definePlug returns, without depending on @care/runtime: the packed plug needs nothing installed. */
const plugSource = `import { readFileSync } from "node:fs";
export default { kind: "care-plug", package: JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) };
`;

// An author's own file: a comment, a one-line entry with a trailing comment, a local helper.
const configSource = `// The site's plugs. The SMS provider is flaky at night.
const plug = <T>(entry: T): T => entry;

export default {
  name: "site",
  plugs: [
    plug({ name: "sms", package: "file:./vendor/fixtures-sms-1.0.0.tgz" }), // texts patients
    plug({ name: "report", package: "file:./vendor/fixtures-report-1.0.0.tgz" }),
  ],
  // Not about signing: this site accepts unsigned archives.
  trust: { unsigned: ["workspace", "file"] },
};
`;

/**
 * `care plug disable` / `care plug enable` as an IT officer types them, in a small workspace whose
 * two plugs are local archives (report needs sms), so a sync is one offline pnpm install.
 */
describe("care plug disable / enable", () => {
  let workspace: string;
  const configPath = () => join(workspace, "apps/site/plug.config.ts");
  const config = () => readFile(configPath(), "utf8");

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-plug-switch-"));
    await writeFile(join(workspace, "package.json"), '{ "name": "switch-fixture", "private": true }\n');
    await writeFile(join(workspace, "pnpm-workspace.yaml"), 'packages:\n  - "apps/*"\n');
    await mkdir(join(workspace, "apps/site/src"), { recursive: true });
    await writeFile(join(workspace, "apps/site/package.json"), '{ "name": "@care-deploy/site", "private": true, "type": "module" }\n');
    await writeFile(configPath(), configSource);
    for (const [id, dependencies] of [
      ["sms", {}],
      ["report", { sms: "^1.0.0" }],
    ] as const) {
      const dir = join(workspace, "plug-sources", id);
      await mkdir(dir, { recursive: true });
      const manifest = {
        name: `@fixtures/${id}`,
        version: "1.0.0",
        type: "module",
        main: "./index.js",
        files: ["index.js"],
        care: { plug: { id, core: "*", contract: "^1.0.0", dependencies } },
      };
      await writeFile(join(dir, "package.json"), JSON.stringify(manifest));
      await writeFile(join(dir, "index.js"), plugSource);
      const packed = await care(workspace, ["pack", `plug-sources/${id}`, "-o", "apps/site/vendor"]);
      expect(packed.code, packed.output).toBe(0);
    }
    const synced = await care(workspace, ["sync", "-d", "site"]);
    expect(synced.code, synced.output).toBe(0);
  }, 120_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("refuses an unknown plug id, listing the ids there are, and changes nothing", async () => {
    const refused = await care(workspace, ["plug", "disable", "smss", "-d", "site"]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('deployment site has no plug "smss"; nothing was changed');
    expect(refused.output).toContain("its plugs are: sms, report");
    expect(await config()).toBe(configSource);
  });

  it("refuses to switch off a plug a running plug needs, and puts plug.config.ts back", async () => {
    const manifest = await readFile(join(workspace, "apps/site/src/plugs.generated.ts"), "utf8");
    const refused = await care(workspace, ["plug", "disable", "sms", "-d", "site"]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("switching plug sms off in site failed, and plug.config.ts and package.json are as they were");
    expect(refused.output).toContain(
      "plug report needs plug sms, which plug.config.ts switches off (enabled: false); switch report off too, or sms on",
    );
    expect(await config()).toBe(configSource);
    expect(await readFile(join(workspace, "apps/site/src/plugs.generated.ts"), "utf8")).toBe(manifest);
  }, 60_000);

  it("switches a plug off and on again in plug.config.ts, keeping the author's lines, and care status shows it", async () => {
    const off = await care(workspace, ["plug", "disable", "report", "-d", "site"]);
    expect(off.code, off.output).toBe(0);
    expect(off.output).toContain("switched plug report off in apps/site/plug.config.ts and regenerated the manifest");
    const edited = await config();
    expect(edited).toMatch(
      /plug\(\{\s*name: "report",\s*package: "file:\.\/vendor\/fixtures-report-1\.0\.0\.tgz",\s*enabled: false\s*\}\)/,
    );
    // The comment, the helper and the untouched entry are as the author wrote them.
    for (const line of configSource.split("\n").slice(0, 7)) expect(edited).toContain(line);
    // The generated manifest carries the switch from plug.config.ts to the runtime.
    expect(await readFile(join(workspace, "apps/site/src/plugs.generated.ts"), "utf8")).toContain("enabled: entry?.enabled");

    const status = await care(workspace, ["status", "-d", "site"]);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toMatch(
      new RegExp(
        /report\s+@fixtures\/report .*switched off: nothing of it runs or migrates,/.source +
          / its deliveries are held \(switch on: pnpm care plug enable report -d site\)/.source,
      ),
    );
    expect(status.output).toMatch(/sms\s+@fixtures\/sms .*nothing pending/);

    const again = await care(workspace, ["plug", "disable", "report", "-d", "site"]);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("plug report is switched off in site already; nothing was changed");
    expect(await config()).toBe(edited);

    const on = await care(workspace, ["plug", "enable", "report", "-d", "site"]);
    expect(on.code, on.output).toBe(0);
    expect(await config()).toBe(edited.replace("enabled: false", "enabled: true"));
    const after = await care(workspace, ["status", "-d", "site"]);
    expect(after.output).not.toContain("switched off");
  }, 120_000);
});
