// How `care` reports a failure: a person's mistake by its code, without a stack (exit 1); anything
// else as a bug in Care, with its stack in a file whose path it prints (exit 70).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCliFailure } from "../src/errors/report-failure.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const care = (cwd: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1" } });
  return { status: result.status, stderr: result.stderr };
};

describe("care's failures", () => {
  let workspace: string;
  beforeAll(async () => {
    // The smallest workspace: a deployment whose package.json holds `null`, which no check expects.
    workspace = await mkdtemp(join(tmpdir(), "care-errors-"));
    await writeFile(join(workspace, "pnpm-workspace.yaml"), "packages:\n  - apps/*\n");
    await mkdir(join(workspace, "apps", "site"), { recursive: true });
    await writeFile(join(workspace, "apps", "site", "plug.config.ts"), 'export default { name: "site", plugs: [] };\n');
    await writeFile(join(workspace, "apps", "site", "package.json"), "null\n");
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("prints a mistake as [code] message and what to do, with no stack, and exits 1", () => {
    const result = care(workspace, "check", "-d", "nowhere");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `care: [deployment_missing] no deployment "nowhere": ${join(workspace, "apps", "nowhere", "plug.config.ts")} does not exist\n` +
        "  create it with: pnpm care deployment new nowhere\n",
    );
  });

  it("calls anything without a code a bug: says so, writes the stack to a file it names, and exits 70", () => {
    const result = care(workspace, "check", "-d", "site");
    expect(result.status).toBe(70);
    expect(result.stderr).toMatch(/^care: internal error \(a bug in Care, please report it\): Cannot read properties of null/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const file = /the stack trace is in (\S+); attach that file to the report/.exec(result.stderr)?.[1];
    expect(file && existsSync(file)).toBe(true);
    const report = readFileSync(file!, "utf8");
    expect(report).toContain("command: care check -d site");
    expect(report).toContain("TypeError: Cannot read properties of null");
    expect(report).toMatch(/\n\s+at /);
    rmSync(file!);
  });
});

describe("what is the system's, not a bug", () => {
  const reported = (error: unknown) => {
    let text = "";
    const exitCode = reportCliFailure(error, (chunk) => (text += chunk));
    return { exitCode, text };
  };

  it("says a refused connection or a wrong database password is the system's, exit 1, no bug report", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED", syscall: "connect" });
    expect(reported(new AggregateError([refused]))).toEqual({
      exitCode: 1,
      text:
        "care: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)\n" +
        "  the system refused it (a file, a permission, a port or a connection): check what the message names, then run again\n",
    });
    const password = Object.assign(new Error('password authentication failed for user "care"'), { code: "28P01", severity: "FATAL" });
    const wrapped = new Error("could not open the deployment's database", { cause: password });
    expect(reported(wrapped).exitCode).toBe(1);
    expect(reported(wrapped).text).toMatch(/^care: could not open the deployment's database \(PostgreSQL 28P01\)\n/);
  });

  it("still calls a wrong query a bug (SQLSTATE 42601 is Care's own SQL)", () => {
    const syntax = Object.assign(new Error('syntax error at or near "selec"'), { code: "42601", severity: "ERROR" });
    const { exitCode, text } = reported(syntax);
    expect(exitCode).toBe(70);
    expect(text).toMatch(/^care: internal error \(a bug in Care, please report it\): syntax error/);
    const file = /the stack trace is in (\S+);/.exec(text)?.[1];
    if (file) rmSync(file);
  });
});
