import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
// The same offline start as the CLI's own tests: unpack, `node dist/main.js` inside `unshare -n`.
import { canCutNetwork, startBundleOffline } from "@care/test-support";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const cli = join(root, "packages/plug-manager/dist/cli.js");
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

it.skipIf(!canCutNetwork)(
  "bundles into a folder and a .tgz that, unpacked elsewhere, starts with node alone and no network, and serves its plugs",
  async () => {
    const bundled = spawnSync(process.execPath, [cli, "bundle", "-d", "demo", "--no-build"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    });
    expect(bundled.status, bundled.stdout + bundled.stderr).toBe(0);

    const labOrders = "/api/plugs/lab/patients/00000000-0000-7000-8000-000000000000/orders";
    // "/" and a reload of an app path: the web app built into dist/web travels in the bundle.
    const result = await startBundleOffline(join(root, "apps/demo/bundle/demo.tgz"), "demo", [labOrders, "/", "/patients/42"]);
    scratch.push(result.site);
    // No dev dependencies, no CLI, no plug the deployment does not list.
    const app = join(result.site, "demo");
    const listed = spawnSync("ls", [join(app, "node_modules/@care"), join(app, "node_modules/@care-plugs")], { encoding: "utf8" }).stdout;
    expect(listed).not.toContain("plug-manager");
    expect(listed).not.toMatch(/vitest|tsup|typescript/);

    expect(
      result.health?.plugs.map((plug) => plug.id),
      result.output,
    ).toEqual(["hello", "lab", "notify"]);
    expect(result.routes[labOrders]?.status, result.output).toBe(404);
    for (const page of ["/", "/patients/42"]) {
      expect(result.routes[page]?.status, result.output).toBe(200);
      expect(result.routes[page]?.body).toMatch(/^<!doctype html>/i);
    }
    expect(bundled.stdout).toContain("web app: dist/web");
    expect(result.outside).toBe("unreachable");
  },
  240_000,
);
