import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canCutNetwork, startBundleOffline } from "@care/test-support";
import { care, copyWorkspace, install, run } from "./temp-workspace.js";
import { startVerdaccio, type Registry } from "./verdaccio.js";

/**
 * The registry round trip: `pnpm release` publishes the Care packages and @care-plugs/hello from a
 * copy of this workspace to a real registry (Verdaccio on loopback); then a deployment repository
 * made with `care init` outside the workspace adds hello from that registry, syncs, checks and
 * bundles it, and the unpacked bundle starts with no network.
 */
describe("publishing to a private registry and installing from it", () => {
  const scratch: string[] = [];
  let registry: Registry;
  let workspace: string;
  let site: string;
  const env = () => ({ XDG_CONFIG_HOME: registry.configHome });
  const file = (path: string) => readFile(join(site, path), "utf8");

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "care-registry-"));
    scratch.push(dir);
    registry = await startVerdaccio(join(dir, "verdaccio"));
    workspace = join(dir, "workspace");
    site = join(dir, "district-site");
    await copyWorkspace(workspace, { plugs: ["hello"] });
    await writeFile(join(workspace, ".npmrc"), `@care:registry=${registry.url}\n@care-plugs:registry=${registry.url}\n`);
    await install(workspace);
  }, 300_000);
  afterAll(async () => {
    await registry?.stop();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  it("pnpm release builds and publishes every package whose version the registry lacks, and only those", async () => {
    // The copy is not a git repository: the release cannot check a clean tree or tag it.
    const released = await run(workspace, ["release", "--no-git-checks"], 300_000, env());
    expect(released.code, released.output).toBe(0);
    expect(released.output).toContain("no release tags were made");
    const published = await fetch(`${registry.url}@care-plugs%2fhello`).then(
      (response) => response.json() as Promise<{ versions: Record<string, { care?: unknown }> }>,
    );
    expect(Object.keys(published.versions)).toEqual(["0.1.0"]);
    // Exactly the care.plug block the package declares (id, core range, reads, hooks, hosts).
    const declared = JSON.parse(await readFile(join(workspace, "plugs/hello/package.json"), "utf8")) as { care: unknown };
    expect(published.versions["0.1.0"]!.care).toEqual(declared.care);
    expect(published.versions["0.1.0"]!.care).toMatchObject({ plug: { id: "hello", core: ">=0.1.0 <1.0.0" } });
    for (const name of ["@care/core", "@care/plug-api", "@care/runtime", "@care/plug-sdk", "@care/plug-manager"]) {
      expect((await fetch(`${registry.url}${name.replace("/", "%2f")}`)).status, name).toBe(200);
    }
    // The deployment app is private: never published.
    expect((await fetch(`${registry.url}@care-deploy%2fdemo`)).status).toBe(404);

    const again = await run(workspace, ["release", "--no-git-checks"], 300_000, env());
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/no new packages? (should be|to be|are) published|There are no new packages/i);
  }, 600_000);

  it("a deployment repository outside the workspace adds hello from the registry, syncs, checks, bundles, starts offline", async () => {
    const initialised = await care(workspace, ["init", site, "--registry", registry.url], 60_000, env());
    expect(initialised.code, initialised.output).toBe(0);
    // Only the Care scopes come from the private registry; everything else from the public one.
    expect(await file(".npmrc")).toBe(`@care:registry=${registry.url}\n@care-plugs:registry=${registry.url}\n`);
    const installed = await run(site, ["install", "--prefer-offline", "--no-frozen-lockfile"], 300_000, env());
    expect(installed.code, installed.output).toBe(0);

    // From here on the CLI is the one installed from the registry.
    const created = await run(site, ["care", "deployment", "new", "district"], 120_000, env());
    expect(created.code, created.output).toBe(0);
    expect(JSON.parse(await file("apps/district/package.json")).dependencies["@care/runtime"]).toBe("^0.1.0");
    const prepared = await run(site, ["install", "--prefer-offline", "--no-frozen-lockfile"], 300_000, env());
    expect(prepared.code, prepared.output).toBe(0);

    // Not a signing test: this deployment lets registry plugs be unsigned.
    const unsignedAllowed = (await file("apps/district/plug.config.ts")).replace(
      'name: "district",',
      'name: "district",\n  trust: { unsigned: ["workspace", "registry"] },',
    );
    await writeFile(join(site, "apps/district/plug.config.ts"), unsignedAllowed);
    const config = await file("apps/district/plug.config.ts");
    expect(config).toContain('trust: { unsigned: ["workspace", "registry"] }');
    for (const [spec, message] of [
      ["@care-plugs/nowhere", /\[plug_not_found\] @care-plugs\/nowhere is not in the registry named for @care-plugs/],
      // Misspelt: refused, with the published name offered.
      ["@care-plugs/helo", /\[plug_not_found\] @care-plugs\/helo is not in the registry[\s\S]*did you mean @care-plugs\/hello\?/],
      ["@care-plugs/hello@^9.0.0", /@care-plugs\/hello has no version matching "\^9\.0\.0"[\s\S]*published versions: 0\.1\.0/],
    ] as const) {
      const refused = await run(site, ["care", "plug", "add", spec, "-d", "district"], 120_000, env());
      expect(refused.code, refused.output).not.toBe(0);
      expect(refused.output).toMatch(message);
      expect(refused.output).not.toMatch(/\n\s+at /);
      expect(await file("apps/district/plug.config.ts")).toBe(config);
    }

    const added = await run(site, ["care", "plug", "add", "@care-plugs/hello", "-d", "district", "--yes"], 300_000, env());
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain("found @care-plugs/hello@0.1.0 (plug hello)");
    expect(await file("apps/district/plug.config.ts")).toMatch(
      /plug\(\{\s*name: "hello",\s*package: "@care-plugs\/hello",\s*version: "\^0\.1\.0"/,
    );
    expect(JSON.parse(await file("apps/district/plugs.lock.json")).plugs).toEqual([
      expect.objectContaining({
        id: "hello",
        package: "@care-plugs/hello",
        version: "0.1.0",
        source: "registry",
        integrity: expect.stringMatching(/^sha512-/),
        digest: expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
      }),
    ]);

    const checked = await run(site, ["care", "check", "-d", "district"], 120_000, env());
    expect(checked.code, checked.output).toBe(0);
    const bundled = await run(site, ["care", "bundle", "-d", "district"], 300_000, env());
    expect(bundled.code, bundled.output).toBe(0);

    if (!canCutNetwork) return;
    const greetings = "/api/plugs/hello/patients/00000000-0000-7000-8000-000000000000/greetings";
    const started = await startBundleOffline(join(site, "apps/district/bundle/district.tgz"), "district", [greetings]);
    scratch.push(started.site);
    expect(
      started.health?.plugs.map((plug) => `${plug.id}@${plug.version}`),
      started.output,
    ).toEqual(["hello@0.1.0"]);
    // hello's route answered (through the core's patient service), not the router's "no route".
    expect(started.routes[greetings], started.output).toMatchObject({ status: 404, body: expect.stringMatching(/patient/i) });
    expect(started.outside).toBe("unreachable");
  }, 900_000);
});
