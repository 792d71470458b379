import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { canCutNetwork } from "@care/test-support";
import { browseBundleOffline } from "./offline-browser-probe.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

// A network namespace of our own needs root (as on CI machines); the bundle test skips on the same condition.
it.skipIf(!canCutNetwork)("serves the web app from the bundle with the network cut off: it renders and signs in", async () => {
  const bundled = spawnSync(process.execPath, [join(root, "packages/plug-manager/dist/cli.js"), "bundle", "-d", "demo", "--no-build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  expect(bundled.status, bundled.stdout + bundled.stderr).toBe(0);

  const run = await browseBundleOffline(join(root, "apps/demo/bundle/demo.tgz"), "demo");
  scratch.push(run.site);
  expect(run.error, run.output).toBeUndefined();
  expect(run.heading).toBe("Dashboard");
  expect(run.widget).toContain("No patient has been greeted yet");
  expect(run.elsewhere).toEqual([]);
  expect(run.failed).toEqual([]);
  expect(run.outside).toBe("unreachable");
});
