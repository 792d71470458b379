import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, copyWorkspace, install } from "./temp-workspace.js";

/**
 * The generated tables files through the CLI, in a copy of the workspace: `care plug new` and
 * `care sync` write them, `care plug types --check` and `care check` refuse a stale one, and the
 * command they print rewrites it.
 */
describe("care plug types, care sync and care check keep src/tables.generated.ts current", () => {
  let workspace: string;
  const path = (file: string) => join(workspace, file);
  const file = (file: string) => readFile(path(file), "utf8");
  const helloTables = "plugs/hello/src/tables.generated.ts";

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-plug-types-cli-"));
    await copyWorkspace(workspace, { plugs: ["hello"] });
    for (const args of [
      ["deployment", "new", "site"],
      ["plug", "new", "ward"],
    ]) {
      const created = await care(workspace, args);
      expect(created.code, created.output).toBe(0);
    }
    await install(workspace);
    // Adding syncs: pnpm install and a build of the plug and the platform packages, minutes on a busy machine.
    const added = await care(workspace, ["plug", "add", "@care-plugs/hello", "-d", "site", "--yes"], 900_000);
    expect(added.code, added.output).toBe(0);
  }, 1_200_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("care plug new writes the new plug's tables file, current for care plug types --check", async () => {
    expect(await file("plugs/ward/src/tables.generated.ts")).toContain(
      "export interface PlugTables {\n  patient_notes: PatientNotesRow;\n}",
    );
    const checked = await care(workspace, ["plug", "types", "--check"]);
    expect(checked.code, checked.output).toBe(0);
    expect(checked.output).toContain("plugs/hello/src/tables.generated.ts is up to date");
    expect(checked.output).toContain("plugs/ward/src/tables.generated.ts is up to date");
    // hello's text is not in this copy's cache yet: --check starts a scratch database for it.
  }, 180_000);

  it("care sync writes the tables file of a workspace plug the deployment uses", async () => {
    const generated = await file(helloTables);
    await rm(path(helloTables));
    const synced = await care(workspace, ["sync", "-d", "site"], 900_000);
    expect(synced.code, synced.output).toBe(0);
    expect(synced.output).toContain(`wrote ${helloTables}`);
    expect(await file(helloTables)).toBe(generated);
  }, 1_000_000);

  it("a changed install.sql makes the file stale for --check and care check; the printed command rewrites it", async () => {
    const generated = await file(helloTables);
    const install = await file("plugs/hello/migrations/install.sql");
    await writeFile(
      path("plugs/hello/migrations/install.sql"),
      `${install}alter table greetings add column tone text not null default 'warm' check (tone in ('warm', 'formal'));\n`,
    );

    const checked = await care(workspace, ["plug", "types", "--check"]);
    expect(checked.code, checked.output).toBe(1);
    expect(checked.output).toContain(`[plug_tables_stale] ${helloTables} is not what migrations/install.sql generates`);
    expect(checked.output).not.toMatch(/\n\s+at /);
    const command = /regenerate: pnpm care (plug types .*)/.exec(checked.output)?.[1];
    expect(command).toBe("plug types plugs/hello");
    expect(await file(helloTables)).toBe(generated);

    const deployment = await care(workspace, ["check", "-d", "site"]);
    expect(deployment.code, deployment.output).toBe(1);
    expect(deployment.output).toMatch(/\[plug_tables_stale\] (plug hello: )?plugs\/hello\/src\/tables\.generated\.ts is not what/);
    expect(deployment.output).toContain("regenerate: pnpm care plug types plugs/hello");

    const rewritten = await care(workspace, command!.split(" "));
    expect(rewritten.code, rewritten.output).toBe(0);
    expect(rewritten.output).toContain(`${helloTables} written`);
    expect(await file(helloTables)).toContain("  tone: Generated<GreetingsTone>;\n}");
    expect(await file(helloTables)).toContain('export type GreetingsTone = "warm" | "formal";');
    expect((await care(workspace, ["plug", "types", "--check"])).code).toBe(0);
    const fresh = await care(workspace, ["check", "-d", "site"]);
    expect(fresh.code, fresh.output).toBe(0);
  }, 300_000);

  it("refuses a folder that is not a plug, saying which and what to name", async () => {
    const refused = await care(workspace, ["plug", "types", "apps/site"]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/\[plug_tables_not_a_plug\] .*apps\/site\/package\.json: .*is not a plug/);
    expect(refused.output).not.toMatch(/\n\s+at /);
  });
});
