import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyWorkspaceFiles } from "@care/test-support";
import { expect } from "vitest";

export const sourceRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Copies the root files, scripts/ and packages/*, and the named plugs of plugs/. */
export async function copyWorkspace(to: string, options: { plugs?: string[] } = {}): Promise<void> {
  const folders = ["packages", "scripts", ...(options.plugs ?? []).map((plug) => `plugs/${plug}`)];
  await copyWorkspaceFiles(sourceRoot, to, { folders });
}

/** The environment for pnpm in the copy: none of the outer pnpm's or vitest's variables. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_|pnpm_config_|PNPM_PACKAGE_NAME$|INIT_CWD$|VITEST|TEST$|NODE_ENV$|FORCE_COLOR$)/.test(key),
    ),
  );
  return { ...env, CI: "true", NO_COLOR: "1", npm_config_nodedir: "/usr", TURBO_TELEMETRY_DISABLED: "1", ...extra };
}

/** Runs a command in the copy; resolves with its exit code and everything it printed. */
export function run(
  cwd: string,
  args: string[],
  timeoutMs = 200_000,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("pnpm", args, { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => (output += `\n${error.message}`));
    child.on("close", (code) => {
      clearTimeout(timer);
      // Without colour codes, so that assertions can read it (some tools colour even without a TTY).
      resolve({ code, output: `$ pnpm ${args.join(" ")}\n${output}`.replace(/\u001b\[[0-9;]*m/g, "") });
    });
  });
}

/** `pnpm install` from the local store only; with `--prefer-offline` if something is missing there. */
export async function install(cwd: string): Promise<void> {
  const offline = await run(cwd, ["install", "--offline", "--no-frozen-lockfile"]);
  if (offline.code === 0) return;
  console.warn(`pnpm install --offline failed; trying --prefer-offline:\n${offline.output.slice(-2000)}`);
  const preferOffline = await run(cwd, ["install", "--prefer-offline", "--no-frozen-lockfile"]);
  expect(preferOffline.code, `${offline.output}\n${preferOffline.output}`).toBe(0);
}

export async function expectSuccess(cwd: string, args: string[]): Promise<string> {
  const { code, output } = await run(cwd, args);
  expect(code, output).toBe(0);
  return output;
}

export const cliPath = join(sourceRoot, "packages/plug-manager/dist/cli.js");

/** Runs this repository's `care` CLI (built) in `cwd`, as `pnpm care ...` would there. */
export function care(
  cwd: string,
  args: string[],
  timeoutMs = 300_000,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The embedded database in the copy's own folder, even when the suite runs against a server.
    const env = { ...childEnv(extraEnv), DATABASE_URL: "", CARE_DATA_DIR: "" };
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.replace(/\u001b\[[0-9;]*m/g, "") });
    });
  });
}
