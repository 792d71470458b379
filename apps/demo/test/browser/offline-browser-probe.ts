import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromiumPath } from "./chromium.js";

/** What Chromium saw of an unpacked bundle started with node alone in a network namespace with only loopback. */
export interface OfflineBrowserRun {
  site: string;
  output: string;
  /** The h1 of the page after signing in (the dashboard's). */
  heading?: string;
  /** Whether hello's dashboard widget rendered its greeting list or empty text. */
  widget?: string;
  /** Requests the page made to anything but the server (there must be none). */
  elsewhere: string[];
  /** Requests that failed (a missing asset, say). */
  failed: string[];
  /** Whether the internet was reachable from inside ("unreachable" is the point). */
  outside: string;
  error?: string;
}

const playwright = pathToFileURL(createRequire(import.meta.url).resolve("playwright-core")).href;
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];

/** Runs inside the namespace: starts the bundle, drives Chromium through sign-in, prints what it saw as JSON. */
const probe = `
import { spawn } from "node:child_process";
// playwright-core is CommonJS: its exports arrive on the default export.
const { chromium } = (await import(${JSON.stringify(playwright)})).default;
const server = spawn(process.execPath, ["dist/main.js"], { env: { ...process.env, PORT: "3999", LOG_LEVEL: "warn" } });
let output = "";
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));
const deadline = Date.now() + 90000;
while (!output.includes("is running at") && Date.now() < deadline && server.exitCode === null) {
  await new Promise((r) => setTimeout(r, 100));
}
const base = "http://127.0.0.1:3999";
const result = { elsewhere: [], failed: [] };
let browser;
try {
  browser = await chromium.launch({ executablePath: ${JSON.stringify(chromiumPath)}, args: ${JSON.stringify(flags)} });
  const page = await browser.newPage();
  page.setDefaultTimeout(60000);
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith("data:")) result.elsewhere.push(url);
  });
  page.on("requestfailed", (request) => result.failed.push(request.url() + " " + request.failure()?.errorText));
  await page.goto(base + "/");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel(/^Password/).fill("offline-admin-pw");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  result.heading = await page.getByRole("heading", { level: 1 }).textContent();
  const widget = page.getByRole("region", { name: "Greetings" });
  await widget.getByText(/No patient has been greeted yet/).waitFor();
  result.widget = await widget.textContent();
  result.outside = await fetch("http://registry.npmjs.org/", { signal: AbortSignal.timeout(3000) })
    .then(() => "reached", () => "unreachable");
} catch (error) { result.error = String(error); }
await browser?.close();
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
result.output = output;
console.log(JSON.stringify(result));
`;

/** Unpacks the bundle archive and runs the probe inside `unshare -n` (loopback only). */
export async function browseBundleOffline(archive: string, folder: string): Promise<OfflineBrowserRun> {
  const site = await mkdtemp(join(tmpdir(), "care-offline-browser-"));
  const unpacked = spawnSync("tar", ["-xzf", archive, "-C", site], { encoding: "utf8" });
  if (unpacked.status !== 0) {
    return { site, output: unpacked.stderr, elsewhere: [], failed: [], outside: "unknown", error: `tar could not unpack ${archive}` };
  }
  const app = join(site, folder);
  await writeFile(join(app, "browser-probe.mjs"), probe);
  const run = spawnSync("unshare", ["-n", "sh", "-c", "ip link set lo up && node browser-probe.mjs"], {
    cwd: app,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: site, CARE_DATA_DIR: join(site, "data"), CARE_ADMIN_PASSWORD: "offline-admin-pw" },
    timeout: 240_000,
  });
  const last = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return { site, ...(JSON.parse(last) as Omit<OfflineBrowserRun, "site">) };
  } catch {
    const error = `the probe printed no result (exit ${run.status})`;
    return { site, output: `${run.stdout}${run.stderr}`, elsewhere: [], failed: [], outside: "unknown", error };
  }
}
