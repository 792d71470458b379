import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "@care/test-support/chromium";
import type { Page } from "@care/test-support/chromium";

const adminPassword = "scaffold-tab-admin-1";

/**
 * Starts a built deployment (`node dist/main.js`) on a fresh embedded database, registers a patient through the
 * API, and opens that patient's page in Chromium as the admin, on the tab named `tab`. Answers the text of the
 * page's main region once `expectText` shows in it, after `then` (what the test does next on the page) if given;
 * everything it started is stopped.
 */
export async function patientTabText(
  deploymentDir: string,
  tab: string,
  expectText: string,
  then?: (page: Page) => Promise<void>,
): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), "care-scaffold-tab-"));
  const server = spawn(process.execPath, [join(deploymentDir, "dist/main.js")], {
    cwd: deploymentDir,
    env: { ...process.env, PORT: "0", CARE_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn", CARE_ADMIN_PASSWORD: adminPassword },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  server.stderr.on("data", (chunk) => (output += chunk));
  const browser = await launchChromium();
  try {
    const url = await runningUrl(
      () => output,
      () => server.exitCode !== null,
    );
    const patientId = await registerPatient(url);
    const page = await browser.newPage({ baseURL: url });
    await page.goto("/login");
    await page.getByRole("textbox", { name: "Username" }).fill("admin");
    await page.getByRole("textbox", { name: "Password" }).fill(adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.goto(`/patients/${patientId}`);
    await page.getByRole("tab", { name: tab }).click();
    const main = page.getByRole("main");
    // What the page shows instead, when the text never comes: a refusal, or a screen that failed.
    await main
      .getByText(expectText)
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nthe page shows: ${await main.textContent()}\nthe server printed: ${output}`);
      });
    const text = (await main.textContent()) ?? "";
    await then?.(page);
    return text;
  } finally {
    await browser.close();
    server.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runningUrl(output: () => string, exited: () => boolean): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited()) {
    const url = /is running at (http:\/\/\S+)/.exec(output())?.[1];
    if (url) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the deployment did not start:\n${output()}`);
}

async function registerPatient(url: string): Promise<string> {
  const call = async (path: string, body: unknown, token?: string) => {
    const answer = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`POST ${path} answered ${answer.status}: ${await answer.text()}`);
    return (await answer.json()) as Record<string, string>;
  };
  const { token } = await call("/api/v1/auth/login", { username: "admin", password: adminPassword });
  const facility = await call("/api/v1/facilities", { name: "North Clinic", kind: "clinic" }, token);
  const patient = await call(
    "/api/v1/patients",
    { facilityId: facility.id, name: "Amina Diallo", birthDate: "1984-03-09", sex: "female" },
    token,
  );
  return patient.id!;
}
