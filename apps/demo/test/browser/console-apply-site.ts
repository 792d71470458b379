import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { copyWorkspaceFiles, workspaceRootFiles } from "@care/test-support";

const sourceRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * What `pnpm care` runs in a site's repository: builds the site's own CLI (a turbo cache hit once
 * built), then runs it. Never this repository's build, which is not the site's.
 */
export const careScript = (root: string) => join(root, "scripts/care.mjs");

/** The environment for tools run in the site: none of the outer pnpm's or vitest's variables, the embedded database. */
export function siteEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_|pnpm_config_|PNPM_PACKAGE_NAME$|INIT_CWD$|VITEST|TEST$|NODE_ENV$|FORCE_COLOR$|CARE_)/.test(key),
    ),
  );
  return { ...env, CI: "true", NO_COLOR: "1", npm_config_nodedir: "/usr", TURBO_TELEMETRY_DISABLED: "1", DATABASE_URL: "", ...extra };
}

/** Runs a command in `cwd`; fails with everything it printed when it exits non-zero. */
export function runIn(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = siteEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const said = `$ ${command} ${args.join(" ")} (in ${cwd})\n${output}`;
      if (code === 0) resolve(said);
      else reject(new Error(`exit ${code}: ${said}`));
    });
  });
}

/** `pnpm care <args>` in the site's repository. */
export const care = (root: string, args: string[]) => runIn(root, process.execPath, [careScript(root), ...args]);

/**
 * A site's repository: a copy of this workspace with the demo deployment and its three plugs,
 * installed from the local store, committed to git as a real repository is (outside one, turbo
 * hashes build output as input and never caches, so each apply would rebuild every package).
 */
export async function copySite(root: string): Promise<void> {
  await copyWorkspaceFiles(sourceRoot, root, {
    folders: ["packages", "scripts", "plugs/hello", "plugs/lab", "plugs/notify", "apps/demo"],
    rootFiles: [...workspaceRootFiles, ".gitignore"],
  });
  await runIn(root, "pnpm", ["install", "--offline", "--no-frozen-lockfile"]);
  const author = { GIT_AUTHOR_NAME: "care test", GIT_AUTHOR_EMAIL: "test@localhost", GIT_COMMITTER_NAME: "care test" };
  const git = (...args: string[]) => runIn(root, "git", args, siteEnv({ ...author, GIT_COMMITTER_EMAIL: "test@localhost" }));
  await git("init", "--quiet");
  await git("add", "--all");
  await git("commit", "--quiet", "--no-verify", "--message", "the site's repository");
}

/** Trusts `publicKey` (an ssh-keygen .pub line) as the publisher `name` in the demo's plug.config.ts. */
export async function trustPublisher(root: string, name: string, publicKey: string): Promise<void> {
  const file = join(root, "apps/demo/plug.config.ts");
  const config = await readFile(file, "utf8");
  const anchor = '  name: "demo",\n';
  if (!config.includes(anchor)) throw new Error(`${file} no longer has the line ${anchor.trim()}`);
  const trust = `  trust: { publishers: { ${JSON.stringify(name)}: ${JSON.stringify(publicKey)} } },\n`;
  await writeFile(file, config.replace(anchor, anchor + trust));
}
