import { spawn } from "node:child_process";
import { canCutNetwork } from "@care/test-support";
import { childEnv, cliPath } from "./temp-workspace.js";

/** A `care serve` the test started: its process, what it printed, and how to stop or kill it. */
export interface ServeRun {
  pid: number;
  output(): string;
  /** Resolves with its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM: it stops its release gracefully and exits. */
  stop(): Promise<number | null>;
}

/**
 * Starts `care serve` in `workspace`. Where the test may cut the network (`unshare -n`), the whole
 * supervisor runs in a network namespace of its own with only loopback: every build, install,
 * migration and start of an apply then happens without a network, and the site's HTTP port is
 * reachable only from inside (siteRequest goes there with nsenter).
 */
export function startServe(workspace: string, args: string[], env: NodeJS.ProcessEnv): ServeRun {
  const command = [process.execPath, cliPath, "serve", ...args].map((part) => `'${part}'`).join(" ");
  const child = canCutNetwork
    ? spawn("unshare", ["-n", "sh", "-c", `ip link set lo up && exec ${command}`], { cwd: workspace, env: serveEnv(env) })
    : spawn(process.execPath, [cliPath, "serve", ...args], { cwd: workspace, env: serveEnv(env) });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    pid: child.pid!,
    output: () => output.replace(/\u001b\[[0-9;]*m/g, ""),
    exited,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The embedded database in the copy's own folder, as `care` finds it there. */
const serveEnv = (env: NodeJS.ProcessEnv) => ({ ...childEnv(env), DATABASE_URL: "", CARE_DATA_DIR: "" });

/** Resolves once `pattern` appears in what it printed; fails (with the output) if it exits first or takes too long. */
export async function untilPrinted(run: ServeRun, pattern: RegExp, timeoutMs: number): Promise<string> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(run.output());
    if (found) return found[0];
    if (ended) throw new Error(`care serve exited before printing ${pattern}:\n${run.output().slice(-6000)}`);
    if (Date.now() > deadline) throw new Error(`care serve did not print ${pattern} within ${timeoutMs} ms:\n${run.output().slice(-6000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An HTTP request to the supervised site, from inside its network namespace when it has one. */
export async function siteRequest(
  run: ServeRun,
  url: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; body: string }> {
  const init = {
    method: options.method ?? "GET",
    headers: {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { "content-type": "application/json" }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  };
  if (!canCutNetwork) {
    const answer = await fetch(url, init);
    return { status: answer.status, body: await answer.text() };
  }
  const script =
    `const a = await fetch(${JSON.stringify(url)}, ${JSON.stringify(init)});` +
    "process.stdout.write(JSON.stringify({ status: a.status, body: await a.text() }));";
  return new Promise((resolve, reject) => {
    const child = spawn("nsenter", ["-t", String(run.pid), "-n", process.execPath, "--input-type=module", "-e", script]);
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(out) as { status: number; body: string });
      else reject(new Error(`${init.method} ${url} failed inside the site's namespace (exit ${code}): ${err}`));
    });
  });
}

/** Signs in as the admin the deployment created with CARE_ADMIN_PASSWORD; answers the bearer token. */
export async function adminToken(run: ServeRun, base: string, password: string): Promise<string> {
  const login = await siteRequest(run, `${base}/api/v1/auth/login`, { method: "POST", body: { username: "admin", password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
  return (JSON.parse(login.body) as { token: string }).token;
}
