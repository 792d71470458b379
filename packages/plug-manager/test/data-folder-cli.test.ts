import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@care/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care } from "./temp-workspace.js";

/**
 * `care status` and `care migrate` on the data folder of a deployment that runs: refused at once,
 * saying how to read it safely. The running deployment is played by this test process holding
 * the folder (the lock is the operating system's, so which process holds it does not matter).
 */
describe("care status and care migrate while the deployment holds its data folder", () => {
  let workspace: string;
  let dataDir: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-cli-folder-"));
    await writeFile(join(workspace, "pnpm-workspace.yaml"), "packages: []\n");
    await mkdir(join(workspace, "apps/site/src"), { recursive: true });
    await writeFile(join(workspace, "apps/site/plug.config.ts"), "export default { plugs: [] };\n");
    await writeFile(join(workspace, "apps/site/src/plugs.generated.ts"), 'export default { deployment: "site", plugs: [] };\n');
    // Where `care` and `pnpm start` in apps/site keep the embedded database.
    dataDir = join(workspace, "apps/site/.care/site/data");
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("refuses both, naming the folder and its holder, says how to read safely, and works once the holder stops", async () => {
    const running = await openDatabase({ dataDir });
    try {
      const status = await care(workspace, ["status", "-d", "site"]);
      expect(status.code, status.output).toBe(1);
      expect(status.output).toContain(`care: [data_folder_in_use] the data folder ${dataDir} is in use by process ${process.pid} (`);
      expect(status.output).toContain("GET <its URL>/health/ready lists each plug with its version and state");
      expect(status.output).toContain("or stop the deployment and run `pnpm care status -d site` again");
      expect(status.output).not.toMatch(/\n\s+at /);

      const migrate = await care(workspace, ["migrate", "-d", "site"]);
      expect(migrate.code, migrate.output).toBe(1);
      expect(migrate.output).toContain(`care: [data_folder_in_use] the data folder ${dataDir} is in use by process ${process.pid} (`);
      expect(migrate.output).toContain("stop it, then run `pnpm care migrate -d site`");
    } finally {
      await running.close();
    }
    const stopped = await care(workspace, ["status", "-d", "site"]);
    expect(stopped.code, stopped.output).toBe(0);
    expect(stopped.output).toContain(`database: PGlite in ${dataDir}`);
  });
});
