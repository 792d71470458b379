import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentConfig, makePinningSite, publishPlug, startRecorder } from "./pinning-site.js";
import { care, run, sourceRoot } from "./temp-workspace.js";
import { startVerdaccio, type Registry } from "./verdaccio.js";

/**
 * Plug scopes resolve only from the registry the repository names for them (issue 12, point 4):
 * through the CLI, against a real Verdaccio as the scope's registry, a second one as the "public"
 * default registry, and a recorder as the default registry where nothing may be asked at all.
 */
describe("plug sources pinned to their scope's registry", () => {
  let scratch: string;
  let pinned: Registry;
  let publicRegistry: Registry;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  const env = () => ({ XDG_CONFIG_HOME: pinned.configHome });
  const config = (site: string) => readFile(join(site, "apps/district/plug.config.ts"), "utf8");
  const noStack = (output: string) => expect(output).not.toMatch(/\n\s+at /);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "care-pinning-"));
    [pinned, publicRegistry, recorder] = await Promise.all([
      startVerdaccio(join(scratch, "pinned")),
      startVerdaccio(join(scratch, "public")),
      startRecorder(),
    ]);
    await publishPlug(join(scratch, "hello"), "@care-plugs/hello", pinned);
    // What an attacker publishes on the public registry under a name nobody here owns.
    await publishPlug(join(scratch, "public-only"), "@care-plugs/public-only", publicRegistry);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([pinned?.stop(), publicRegistry?.stop(), recorder?.stop()]);
    await rm(scratch, { recursive: true, force: true });
  });

  it("refuses an unscoped name and a scope with no registry before any request, in plug add, sync and check", async () => {
    const site = await makePinningSite(join(scratch, "unpinned"), `registry=${recorder.url}\n@care-plugs:registry=${pinned.url}\n`);
    const before = await config(site);
    for (const [spec, how] of [
      ["lodash", /registry plugs must be scoped packages/],
      ["@someone/vitals", /@someone:registry=https:\/\/npm\.example\.org\//],
    ] as const) {
      const refused = await care(site, ["plug", "add", spec, "-d", "district"], 60_000, env());
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain("care: [plug_scope_unpinned]");
      expect(refused.output).toMatch(how);
      noStack(refused.output);
      expect(await config(site)).toBe(before);
    }

    // The same name written by hand into plug.config.ts.
    await writeFile(
      join(site, "apps/district/plug.config.ts"),
      deploymentConfig(['plug({ name: "vitals", package: "@someone/vitals", version: "^1.0.0" })']),
    );
    const packageJson = await readFile(join(site, "apps/district/package.json"), "utf8");
    const synced = await care(site, ["sync", "-d", "district"], 60_000, env());
    expect(synced.code, synced.output).toBe(1);
    expect(synced.output).toMatch(/\[plug_scope_unpinned\] no registry is named for the scope @someone/);
    noStack(synced.output);
    expect(await readFile(join(site, "apps/district/package.json"), "utf8")).toBe(packageJson);
    const checked = await care(site, ["check", "-d", "district"], 60_000, env());
    expect(checked.code, checked.output).toBe(1);
    expect(checked.output).toMatch(/\[plug_scope_unpinned\] plug vitals: no registry is named for the scope @someone/);

    expect(recorder.requests).toEqual([]);
  }, 120_000);

  it("refuses a misspelt name with the closest names from the workspace and from the scope's registry", async () => {
    const site = await makePinningSite(join(scratch, "misspelt"), `registry=${recorder.url}\n@care-plugs:registry=${pinned.url}\n`);
    const before = await config(site);
    for (const [spec, suggestion] of [
      ["@care-plugs/vital", "@care-plugs/vitals"], // a workspace plug
      ["@care-plugs/helo", "@care-plugs/hello"], // published to the scope's registry
    ] as const) {
      const refused = await care(site, ["plug", "add", spec, "-d", "district"], 60_000, env());
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain(`care: [plug_not_found] ${spec} is not in the registry named for @care-plugs (${pinned.url})`);
      expect(refused.output).toContain(`did you mean ${suggestion}`);
      noStack(refused.output);
      expect(await config(site)).toBe(before);
    }
    // Nothing close: no name is offered, only what to check.
    const unrelated = await care(site, ["plug", "add", "@care-plugs/radiology-orders", "-d", "district"], 60_000, env());
    expect(unrelated.output).toContain("care: [plug_not_found] @care-plugs/radiology-orders is not in the registry");
    expect(unrelated.output).not.toContain("did you mean");
    expect(unrelated.output).toContain("check the name and that it is published to that registry");
    expect(recorder.requests).toEqual([]);
  }, 120_000);

  it("never installs a name that only the default (public) registry has", async () => {
    const site = await makePinningSite(join(scratch, "confusion"), `registry=${publicRegistry.url}\n@care-plugs:registry=${pinned.url}\n`);
    const before = await config(site);
    const refused = await care(site, ["plug", "add", "@care-plugs/public-only", "-d", "district"], 60_000, env());
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain(
      `care: [plug_not_found] @care-plugs/public-only is not in the registry named for @care-plugs (${pinned.url})`,
    );
    expect(refused.output).toContain("it was looked up nowhere else");
    expect(await config(site)).toBe(before);

    // Written by hand: the sync's install asks the pinned registry only, and fails there.
    await writeFile(
      join(site, "apps/district/plug.config.ts"),
      deploymentConfig(['plug({ name: "public_only", package: "@care-plugs/public-only", version: "^1.0.0" })']),
    );
    const synced = await care(site, ["sync", "-d", "district"], 120_000, env());
    expect(synced.code, synced.output).toBe(1);
    expect(synced.output).toContain(`GET ${pinned.url}@care-plugs%2Fpublic-only: Not Found - 404`);
    for (const folder of ["node_modules", "apps/district/node_modules"])
      expect(existsSync(join(site, folder, "@care-plugs/public-only")), folder).toBe(false);
    expect(existsSync(join(site, "apps/district/plugs.lock.json"))).toBe(false);
  }, 180_000);

  it("this repository's .npmrc pins the Care scopes to no registry: a name outside the workspace is refused with no lookup", async () => {
    const site = await makePinningSite(join(scratch, "this-repo"), `registry=${recorder.url}\n`);
    await copyFile(join(sourceRoot, ".npmrc"), join(site, ".npmrc"));
    await writeFile(join(site, ".npmrc"), `${await readFile(join(site, ".npmrc"), "utf8")}registry=${recorder.url}\n`);
    const refused = await care(site, ["plug", "add", "@care-plugs/vital", "-d", "district"], 60_000, env());
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(
      /care: \[plug_not_found\] @care-plugs\/vital is not in this workspace, and @care-plugs has no registry here/,
    );
    expect(refused.output).toContain("did you mean @care-plugs/vitals");
    expect(recorder.requests).toEqual([]);
  }, 60_000);

  it("care init without --registry still maps the Care scopes, to a placeholder that never resolves, and says so", async () => {
    const site = join(scratch, "new-site");
    const initialised = await care(scratch, ["init", site], 60_000, env());
    expect(initialised.code, initialised.output).toBe(0);
    expect(initialised.output).toContain("name your registry in");
    for (const scope of ["@care", "@care-plugs"]) {
      const registry = await run(site, ["config", "get", `${scope}:registry`], 30_000, env());
      expect(registry.output.trim().split("\n").pop(), scope).toBe("https://name-your-registry.invalid/");
    }
  }, 60_000);
});
