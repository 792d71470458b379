import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinkedWorkspace, runCare } from "./cli-linked-workspace.js";

/** `care apply` needs the deployment's `care serve`: without one answering, it says how to start it and changes nothing. */
describe("care apply without a supervisor", () => {
  let root: string;
  const siteDir = () => join(root, "apps/site/.care/site");

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "care-apply-alone-"));
    await createLinkedWorkspace(root, "site", []);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("refuses with supervisor_not_running and the command that starts one, writing no journal", async () => {
    const refused = await runCare(root, ["apply", "-d", "site"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`care: [supervisor_not_running] no care serve answers for deployment site`);
    expect(refused.stderr).toContain("start it on this server with: pnpm care serve -d site, then apply again");
    expect(existsSync(join(siteDir(), "applies.jsonl"))).toBe(false);
  });

  it("says the same when a killed supervisor left its socket file behind", async () => {
    await mkdir(siteDir(), { recursive: true });
    await writeFile(join(siteDir(), "supervisor.sock"), "");
    const refused = await runCare(root, ["apply", "-d", "site", "--bundle", "site.tgz"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("[supervisor_not_running]");
  });

  it("names a deployment that does not exist", async () => {
    const refused = await runCare(root, ["apply", "-d", "nowhere"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[deployment_missing] no deployment "nowhere"');
  });
});
