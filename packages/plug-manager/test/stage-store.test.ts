import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listStagedChanges, stageChange, stagingSite, type StagingSite } from "../src/serve/staging/index.js";

const plugIds = Array.from({ length: 12 }, (_, index) => `p${index + 1}`);

/**
 * staged/changes.json is read, changed and written back by every stage; the supervisor and any number
 * of `care stage` processes share it. Its lock keeps each change, and one left by a killed process
 * does not block the next.
 */
describe("the staged changes file", () => {
  let root: string;
  let site: StagingSite;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "care-stage-store-"));
    await writeFile(join(root, "pnpm-workspace.yaml"), 'packages:\n  - "apps/*"\n');
    await mkdir(join(root, "apps/site"), { recursive: true });
    const plugs = plugIds.map((id) => `{ name: "${id}", package: "@fixtures/${id}" }`).join(", ");
    await writeFile(join(root, "apps/site/plug.config.ts"), `export default { name: "site", plugs: [${plugs}] };\n`);
    site = stagingSite(root, "site", {});
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("keeps every change when many are staged at once", async () => {
    await Promise.all(plugIds.map((plug) => stageChange(site, { kind: "remove", plug }, "admin")));
    const staged = await listStagedChanges(site.siteDir);
    expect(staged.map((change) => change.plug).sort()).toEqual([...plugIds].sort());
    expect(staged.every((change) => change.kind === "remove" && change.stagedBy === "admin")).toBe(true);
  });

  it("takes over a lock left by a process that died holding it", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const lock = join(site.siteDir, "staged/changes.lock");
    await writeFile(lock, `${JSON.stringify({ pid: Number(dead.stdout), nonce: "left-behind" })}\n`);
    const { change } = await stageChange(site, { kind: "disable", plug: "p1" }, "admin");
    expect((await listStagedChanges(site.siteDir)).find((item) => item.plug === "p1")).toEqual(change);
    await expect(readFile(lock, "utf8")).rejects.toThrow(/ENOENT/);
  });
});
