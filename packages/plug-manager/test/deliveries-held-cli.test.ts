import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createCore,
  createScratchDatabase,
  holdAndReleaseDeliveries,
  migrateCore,
  openDatabase,
  systemActor,
  type ScratchDatabase,
} from "@care/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, cliPath } from "./temp-workspace.js";

/**
 * `care deliveries` after a start held a switched-off plug's waiting deliveries: the operator reads
 * that the system held them, and why (not "discarded", the only other action it once knew).
 */
describe("care deliveries shows the system's hold", () => {
  const server = process.env.DATABASE_URL || undefined;
  let workspace: string;
  let scratch: ScratchDatabase | undefined;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-cli-held-"));
    await writeFile(join(workspace, "pnpm-workspace.yaml"), "packages: []\n");
    await mkdir(join(workspace, "apps/site/src"), { recursive: true });
    await writeFile(join(workspace, "apps/site/plug.config.ts"), "export default { plugs: [] };\n");
    await writeFile(join(workspace, "apps/site/src/plugs.generated.ts"), 'export default { deployment: "site", plugs: [] };\n');
    if (server) scratch = await createScratchDatabase(server);
  });
  afterAll(async () => {
    await scratch?.drop();
    await rm(workspace, { recursive: true, force: true });
  });

  function care(args: string[]): Promise<{ code: number | null; stdout: string }> {
    return new Promise((resolve) => {
      const env = { ...childEnv(), DATABASE_URL: scratch?.url ?? "", CARE_DATA_DIR: "" };
      const child = spawn(process.execPath, [cliPath, ...args], { cwd: workspace, env, stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.on("close", (code) => resolve({ code, stdout }));
    });
  }

  it("lists a held delivery with who held it and why", async () => {
    const database = await (scratch
      ? openDatabase({ url: scratch.url })
      : openDatabase({ dataDir: join(workspace, "apps/site/.care/site/data") }));
    try {
      await migrateCore(database.db);
      const core = createCore({ database, logger: pino({ level: "silent" }) });
      core.signals.subscribe("facility.created", "sms", "durable", () => {});
      await core.facilities.create(systemActor("test"), { name: "North Hospital", kind: "hospital" });
      // What a start whose bundle switches sms off does before anything is delivered.
      await holdAndReleaseDeliveries(database.db, { running: [], switchedOff: ["sms"] });
    } finally {
      await database.close();
    }
    const listed = await care(["deliveries", "-d", "site", "--plug", "sms"]);
    expect(listed.code, listed.stdout).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        /^1\s+sms\s+facility\.created\s+held\s+0\s+\S+ \S+\s+held by system:/.source +
          / plug sms is switched off in plug\.config\.ts; delivered when it is switched on$/.source,
        "m",
      ),
    );
  }, 120_000);
});
