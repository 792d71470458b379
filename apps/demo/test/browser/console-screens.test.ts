import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openedDialog } from "./console-dialog.js";
import { dataDirWithFailedVisitMessages, providerOutage } from "./console-seed.js";
import { appDir } from "./demo-server.js";
import { expectAccessible, signIn, useBrowserDemo } from "./harness.js";
import { screenshot } from "./screenshots.js";
import { DemoApi } from "./seed.js";
import { startSmsProvider } from "./sms-provider.js";

// The administrator's console on the demo (no supervisor): notify runs with a provider and a secret API key,
// and two of its visit messages failed for good during a provider outage before this start.
const apiKey = "sk_test_console_never_shown_7f3a";
const provider = await startSmsProvider();
const dataDir = await dataDirWithFailedVisitMessages(["+255700000301", "+255700000302"]);
const demo = useBrowserDemo({ NOTIFY_URL: provider.url, NOTIFY_API_KEY: apiKey, CARE_DATA_DIR: dataDir });
afterAll(async () => {
  await provider.close();
  await rm(dataDir, { recursive: true, force: true });
});

let api: DemoApi;
beforeAll(async () => {
  api = await DemoApi.signIn(demo.server.url);
});

const versionOf = async (plug: string) =>
  (JSON.parse(await readFile(join(appDir, `../../plugs/${plug}/package.json`), "utf8")) as { version: string }).version;

interface Delivery {
  id: string;
  state: string;
  lastAction: { action: string; actor: string; reason: string | null } | null;
}
const deliveriesIn = async (state: string) => (await api.call<{ items: Delivery[] }>("GET", `/api/v1/deliveries?state=${state}`)).items;

it("lists the demo's three plugs with their versions, source, trust and state, and links each to its page", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("navigation").getByRole("link", { name: "Administration" }).click();
  await page.getByRole("heading", { name: "Administration", level: 1 }).waitFor();
  const table = page.getByRole("table", { name: "The plugs of this deployment" });
  for (const plug of ["hello", "lab", "notify"]) {
    const version = await versionOf(plug);
    // Bundled and installed at the same version, from the workspace, started.
    const row = table.getByRole("row", { name: new RegExp(`^${plug} @care-plugs/${plug} ${version} ${version} Workspace .*Started`) });
    await row.waitFor();
  }
  expect(await table.getByRole("row").count()).toBe(4);
  // The plugs' own admin pages are still listed below.
  await page.getByRole("link", { name: "Visit messages" }).waitFor();
  await expectAccessible(page, "administration (plugs)");
  await screenshot(page, "admin-console-plugs");

  await table.getByRole("link", { name: "lab", exact: true }).click();
  await page.getByRole("heading", { name: "Plug lab", level: 1 }).waitFor();
  await page.getByText(/^Lab orders: order tests for an encounter/).waitFor();
  const homepage = page.getByRole("link", { name: "https://github.com/care-plugs/care-plugs/tree/main/plugs/lab" });
  expect(await homepage.getAttribute("href")).toBe("https://github.com/care-plugs/care-plugs/tree/main/plugs/lab");
});

it("shows a plug's configuration with its secret only as set, and its migration history", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.goto("/admin/plug/notify");
  await page.getByRole("heading", { name: "Plug notify", level: 1 }).waitFor();
  const config = page.getByRole("table", { name: "Effective configuration" });
  await config.getByRole("row", { name: /^SERVICE_API_KEY \(secret\) Set Environment$/ }).waitFor();
  await config.getByRole("row", { name: /^SENDER "?Care Demo"? plug\.config\.ts$/ }).waitFor();
  // The key is in the server's environment: neither the page nor what it was sent holds it.
  expect(await page.content()).not.toContain(apiKey);
  expect(JSON.stringify(await api.call("GET", "/api/v1/admin/plugs/notify"))).not.toContain(apiKey);

  const history = page.getByRole("table", { name: "Migration steps of notify" });
  await history.getByRole("row", { name: new RegExp(`^install\\.sql ${await versionOf("notify")} `) }).waitFor();
  await expectAccessible(page, "plug notify");
});

it("shows the whole migration history, the core's steps and each plug's, as the API records them", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Migrations" }).click();
  await page.getByRole("heading", { name: "Migrations", level: 1 }).waitFor();
  const table = page.getByRole("table", { name: "Migration history" });
  const { items } = await api.call<{ items: Array<{ plug: string | null; step: string; checksum: string | null }> }>(
    "GET",
    "/api/v1/admin/migrations",
  );
  expect(items.filter((step) => step.plug === null).length).toBeGreaterThan(0);
  for (const plug of ["hello", "lab", "notify"]) expect(items.some((step) => step.plug === plug)).toBe(true);
  await table.getByRole("row", { name: /^Core 0001_/ }).waitFor();
  await table.getByRole("row", { name: new RegExp(`^hello install\\.sql ${await versionOf("hello")} `) }).waitFor();
  expect(await table.getByRole("row").count()).toBe(items.length + 1);
  for (const { checksum } of items) if (checksum) expect(await table.getByText(checksum, { exact: true }).count()).toBeGreaterThan(0);
  await expectAccessible(page, "migrations");
});

it("retries a failed delivery, which is then delivered, and discards another, saying why", async () => {
  const failed = await deliveriesIn("failed");
  expect(failed.map((delivery) => delivery.state)).toEqual(["failed", "failed"]);
  const [retried, discarded] = failed.map((delivery) => delivery.id) as [string, string];

  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Deliveries" }).click();
  await page.getByRole("heading", { name: "Deliveries", level: 1 }).waitFor();
  await page.getByLabel("State").selectOption("failed");
  const table = page.getByRole("table", { name: "Deliveries" });
  for (const id of [retried, discarded]) {
    await table.getByRole("row", { name: new RegExp(`^${id} notify encounter\\.created Failed 1 .*${providerOutage}`) }).waitFor();
  }
  await expectAccessible(page, "deliveries");

  await page.getByRole("button", { name: `Retry delivery ${retried}` }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Delivery ${retried} retried: it is Pending now.` })
    .waitFor();
  await table.getByRole("row", { name: new RegExp(`^${retried} `) }).waitFor({ state: "detached" });
  // The provider is back: the retried message goes out.
  await expect.poll(async () => (await deliveriesIn("delivered")).map((delivery) => delivery.id), { timeout: 60_000 }).toContain(retried);

  await page.getByRole("button", { name: `Discard delivery ${discarded}` }).click();
  const dialog = await openedDialog(page, `Discard delivery ${discarded}`);
  await dialog.getByRole("button", { name: "Discard delivery", exact: true }).click();
  await dialog.getByText("Required").waitFor();
  await dialog.getByLabel(/^Reason/).fill("The patient asked not to be texted");
  await expectAccessible(page, "discard a delivery");
  await dialog.getByRole("button", { name: "Discard delivery", exact: true }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Delivery ${discarded} discarded.` })
    .waitFor();
  await page.getByText("No delivery in this state.").waitFor();
  const [kept] = await deliveriesIn("discarded");
  expect(kept).toMatchObject({
    id: discarded,
    lastAction: { action: "discard", actor: "admin", reason: "The patient asked not to be texted" },
  });
  expect(await deliveriesIn("failed")).toEqual([]);
});

it("adds a user, shows the API's refusal on its field, then changes the user's roles and disables the account", async () => {
  const password = "amani browser test passphrase";
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
  await page
    .getByRole("table", { name: "Users of this deployment" })
    .getByRole("row", { name: /^admin / })
    .waitFor();
  const form = page.getByRole("region", { name: "Add a user" });
  await form.getByLabel(/^Username/).fill("a!");
  await form.getByLabel(/^Name/).fill("Amani Mrisho");
  await form.getByLabel(/^Password/).fill(password);
  await form.getByRole("checkbox", { name: "Nurse" }).check();
  await form.getByRole("checkbox", { name: "Night Clinic" }).check();
  await form.getByRole("button", { name: "Add user" }).click();
  // The API's own rule, shown under the field it names.
  await form.getByText("3-64 letters, digits, '.', '_' or '-', starting with a letter or digit", { exact: true }).waitFor();
  await expectAccessible(page, "users (a refused user)");
  await form.getByLabel(/^Username/).fill("nurse.amani");
  await form.getByRole("button", { name: "Add user" }).click();
  await page.getByRole("status").filter({ hasText: "User nurse.amani added." }).waitFor();
  const row = page.getByRole("row", { name: /^nurse\.amani Amani Mrisho Nurse Night Clinic Active/ });
  await row.waitFor();
  await DemoApi.signIn(demo.server.url, "nurse.amani", password);

  await row.getByRole("button", { name: "Edit user nurse.amani" }).click();
  const dialog = await openedDialog(page, "Edit user nurse.amani");
  await dialog.getByRole("checkbox", { name: "Doctor" }).check();
  await dialog.getByRole("checkbox", { name: "Active: may sign in" }).uncheck();
  await expectAccessible(page, "edit a user");
  await dialog.getByRole("button", { name: "Save user" }).click();
  await page.getByRole("status").filter({ hasText: "User nurse.amani saved." }).waitFor();
  await page.getByRole("row", { name: /^nurse\.amani Amani Mrisho .*Disabled/ }).waitFor();
  const { items } = await api.call<{ items: Array<{ username: string; roles: string[]; active: boolean }> }>(
    "GET",
    "/api/v1/users?q=nurse.amani",
  );
  expect(items).toEqual([expect.objectContaining({ username: "nurse.amani", active: false })]);
  expect([...(items[0]?.roles ?? [])].sort()).toEqual(["doctor", "nurse"]);
  // A disabled account can no longer sign in.
  const login = await fetch(`${demo.server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "nurse.amani", password }),
  });
  expect(login.status).toBe(401);
});

it("renames a facility from the facilities page", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.goto("/facilities");
  await page.getByRole("button", { name: "Rename Night Clinic" }).click();
  const dialog = await openedDialog(page, "Rename Night Clinic");
  await dialog.getByLabel(/^New name/).fill("Night Clinic East");
  await expectAccessible(page, "rename a facility");
  await dialog.getByRole("button", { name: "Save name" }).click();
  await page.getByRole("button", { name: "Rename Night Clinic East" }).waitFor();
  const { items } = await api.call<{ items: Array<{ name: string }> }>("GET", "/api/v1/facilities?q=Night");
  expect(items.map((facility) => facility.name)).toEqual(["Night Clinic East"]);
});

it("says the deployment is not under care serve, and how to start it, with no drop zone or apply button", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Plug changes" }).click();
  await page.getByRole("heading", { name: "Plug changes", level: 1 }).waitFor();
  await page.getByRole("alert").filter({ hasText: "This deployment is not running under care serve" }).waitFor();
  await page.getByText("pnpm care serve -d <deployment>").waitFor();
  expect(await page.getByLabel("Plug archive").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Apply changes" }).count()).toBe(0);
  await expectAccessible(page, "plug changes (not supervised)");
  expect(await api.call("GET", "/api/v1/admin/supervisor")).toMatchObject({ supervised: false, status: null });
});
