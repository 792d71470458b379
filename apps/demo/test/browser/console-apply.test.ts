import { readdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiDocument, operationsOf } from "../api-document.js";
import { PageApi } from "./console-apply-api.js";
import { makePublisher, plug, publishArchives, type PlugArchives } from "./console-apply-archives.js";
import { dropArchive } from "./console-apply-drop.js";
import { canRunCutOff, cutOffNetwork, type CutOffNetwork } from "./console-apply-network.js";
import { copySite, trustPublisher } from "./console-apply-site.js";
import { adminPassword, serveSite, siteUrl, type Supervised } from "./console-apply-supervisor.js";
import { imagesDir, screenshot } from "./screenshots.js";

/** An apply bundles the deployment (its web app too): minutes on a loaded two-core machine. */
const applyTimeout = 900_000;

/**
 * Issue 15's path, end to end: an administrator installs a plug from a file on the console of a
 * deployment under `care serve`, then an upgrade of it that breaks at start is rolled back. One site
 * (a copy of this workspace), one supervisor, two applies; the supervisor, the deployment and Chromium
 * run in a network namespace with loopback only, so nothing of it can reach the network.
 */
describe.skipIf(!canRunCutOff)("installing a plug from a file on the console, offline (needs unshare -n and nsenter: root)", () => {
  let scratch: string;
  let site: string;
  let archives: PlugArchives;
  let network: CutOffNetwork | undefined;
  let supervised: Supervised | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let api: PageApi;
  const contexts: BrowserContext[] = [];
  /** The patient registered once the new plug is in (the later tests read its notes). */
  let patientId = "";

  const newPage = async () => {
    const context = await browser!.newContext({ baseURL: siteUrl, locale: "en-GB", viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const opened = await context.newPage();
    opened.setDefaultTimeout(60_000);
    return opened;
  };
  const signIn = async (into: Page, username: string, password: string) => {
    await into.goto("/login");
    await into.getByLabel("Username").fill(username);
    await into.getByLabel(/^Password/).fill(password);
    await into.getByRole("button", { name: "Sign in" }).click();
    await into.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  };
  const stagedFiles = async () => readdir(join(site, "apps/demo/.care/demo/staged"), { recursive: true }).catch(() => []);
  /** Waits for `locator`; failing, says what the page shows and what care serve printed last. */
  const shown = (locator: Locator, timeout?: number) =>
    locator.waitFor({ timeout }).catch(async (error: Error) => {
      const main = await page
        .getByRole("main")
        .textContent({ timeout: 5_000 })
        .catch(() => "(nothing)");
      throw new Error(`${error.message}\nthe page shows: ${main}\ncare serve printed, last:\n${supervised?.output().slice(-4000)}`);
    });
  /** Clicks "Apply changes" and waits while the page follows the apply, through the restart, until the apply has ended. */
  const applyAndFollow = async () => {
    await page.getByRole("button", { name: "Apply changes" }).click();
    const current = page.getByRole("region", { name: "Current apply" });
    // How an apply ends, as the page says it (a step's "Failed" badge comes before the rollback ends).
    const ended = /^(The changes were applied|Rolled back: the previous version is back and serving|Failed, and so did the rollback)$/;
    await shown(current.getByText(ended), applyTimeout);
    return current;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "care-console-apply-"));
    site = join(scratch, "site");
    const publisher = makePublisher(scratch, "moh-plugs");
    await copySite(site);
    archives = await publishArchives(site, publisher, join(scratch, "archives"));
    await trustPublisher(site, publisher.name, publisher.publicKey);
    network = await cutOffNetwork(scratch);
    supervised = await serveSite(network, site);
    browser = await network.launchChromium();
    page = await newPage();
    await signIn(page, "admin", adminPassword);
    api = await PageApi.signIn(page, "admin", adminPassword);
  }, 1_200_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await supervised?.stop();
    network?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }, 120_000);

  it("refuses a tampered archive with its code, and stages nothing", async () => {
    expect(network!.outside()).toBe("unreachable");
    await page.goto("/admin/changes");
    await page.getByRole("heading", { name: "Plug changes", level: 1 }).waitFor();
    await page.getByText(/^Deployment demo runs under care serve/).waitFor();
    await dropArchive(page, archives.tampered);
    const refusal = page.getByRole("alert").filter({ hasText: "The request was refused (archive_" });
    await shown(refusal);
    expect(await refusal.textContent()).toMatch(/\(archive_\w+\)/);
    await page.getByText("The archive was refused; nothing was staged.").waitFor();
    await page.getByText("Nothing is staged.").waitFor();
    expect(await api.call("GET", "/api/v1/admin/changes")).toEqual({ items: [] });
    // Not even the upload is kept.
    expect(await stagedFiles()).toEqual(expect.not.arrayContaining([expect.stringMatching(/\.tgz$/)]));
  });

  it(
    "shows a signed archive's declaration, stages it, applies it, and the new plug's tab appears after the restart",
    async () => {
      await dropArchive(page, archives.signed);
      const review = page.getByRole("region", { name: "New plug: vital_signs 0.1.0" });
      await shown(review);
      const text = (await review.textContent()) ?? "";
      const facts = [plug.package, "notes on each patient's pulse", "Signed by moh-plugs", ">=0.1.0 <1.0.0", "Compatible", "0.1.0.tgz"];
      for (const fact of facts) {
        expect(text, fact).toContain(fact);
      }
      expect(await factOf(review, "Depends on plugs")).toBe("None");
      expect(await factOf(review, "Core tables it reads")).toMatch(/patients.*id.*facilities.*id|facilities.*id.*patients.*id/s);
      expect(await factOf(review, "Outside hosts it contacts")).toBe("None");
      await screenshot(page, "console-inspection");

      await review.getByRole("button", { name: "Confirm and stage" }).click();
      await page.getByText("vital_signs 0.1.0 staged. Apply the changes to install it.").waitFor();
      const staged = page.getByRole("table", { name: "Changes the next apply makes" });
      expect(await staged.getByRole("row").nth(1).textContent()).toMatch(/^Addvital_signs0\.1\.0care-plugs-vital_signs-0\.1\.0\.tgzadmin/);

      const current = await applyAndFollow();
      await current.getByText("The changes were applied").waitFor();
      const applies = await api.call<{ items: Array<{ result: string; by: string }> }>("GET", "/api/v1/admin/applies");
      expect(applies.items[0]).toMatchObject({ result: "applied", by: "admin" });
      expect(await api.call("GET", "/api/v1/admin/changes")).toEqual({ items: [] });

      await current.getByRole("button", { name: "Reload the page" }).click();
      await page.goto("/admin");
      const row = page.getByRole("row").filter({ hasText: plug.package });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/vital_signs@care-plugs\/vital_signs0\.1\.00\.1\.0File.*Signed by moh-plugs.*Started/);
      await screenshot(page, "console-plugs");

      // The new plug at work: it notes each registration, and its own route writes a note.
      const facility = await api.call<{ id: string }>("POST", "/api/v1/facilities", { name: "North Clinic", kind: "clinic" });
      const registered = { facilityId: facility.id, name: "Amina Diallo", birthDate: "1984-03-09", sex: "female" };
      patientId = (await api.call<{ id: string }>("POST", "/api/v1/patients", registered)).id;
      await api.call("POST", `/api/plugs/vital_signs/patients/${patientId}/notes`, { note: "Pulse 72, blood pressure 120/80" });
      await page.goto(`/patients/${patientId}`);
      await page.getByRole("tab", { name: plug.tab }).click();
      const notes = page.getByRole("main").getByRole("list");
      await notes.getByText("Pulse 72, blood pressure 120/80").waitFor();
      await notes.getByText("Registered: Amina Diallo").waitFor();
    },
    applyTimeout,
  );

  it(
    "rolls back an upgrade that fails after its migration: the previous version serves, with its data",
    async () => {
      await page.goto("/admin/changes");
      await dropArchive(page, archives.brokenUpgrade);
      const review = page.getByRole("region", { name: "Upgrade vital_signs from 0.1.0 to 0.2.0" });
      await shown(review);
      expect(await factOf(review, "Change")).toBe("Upgrade");
      await review.getByText(/^0\.1\.0 → 0\.2\.0 \(.*0\.1\.0_0\.2\.0\.sql\)$/).waitFor();
      const hooks = review.getByRole("table", { name: "Declaration changes" }).getByRole("row").filter({ hasText: "hooks" });
      expect(await hooks.textContent()).toBe('hooks[]["start"]');
      await review.getByRole("button", { name: "Confirm and stage" }).click();
      await page.getByText("vital_signs 0.2.0 staged. Apply the changes to install it.").waitFor();

      const current = await applyAndFollow();
      const outcome = current.getByRole("alert").filter({ hasText: "Rolled back: the previous version is back and serving" });
      await outcome.waitFor();
      const record = (await api.call<{ items: ApplyRecordSeen[] }>("GET", "/api/v1/admin/applies")).items[0]!;
      expect(record).toMatchObject({ result: "rolled-back", failedStep: "start" });
      // What failed and where, on the page: the step, and the new release's own words.
      expect(await outcome.textContent()).toContain("Step Start failed: start failed: the process exited (code 1) before it served");
      expect(await outcome.textContent()).toMatch(/plug_start_failed: plug vital_signs failed to start: .*column "note" does not exist/);
      const steps = Object.fromEntries(record.steps.map((step) => [step.name, step.status]));
      expect(steps).toMatchObject({ migrate: "ok", start: "failed", restore: "ok", "restart-previous": "ok" });
      // The journal entry alone (the page is long), without the fixed header that would cover its top.
      const entry = current.getByRole("article");
      await entry.screenshot({
        path: `${imagesDir}console-rolled-back.png`,
        animations: "disabled",
        style: "header { visibility: hidden }",
      });

      const plugNow = await api.call<{ installedVersion: string; bundledVersion: string; state: string }>(
        "GET",
        `/api/v1/admin/plugs/${plug.id}`,
      );
      expect(plugNow).toMatchObject({ installedVersion: "0.1.0", bundledVersion: "0.1.0", state: "started" });
      const notes = await api.call<{ items: Array<{ note: string }> }>("GET", `/api/plugs/vital_signs/patients/${patientId}/notes`);
      expect(notes.items.map((item) => item.note).sort()).toEqual(["Pulse 72, blood pressure 120/80", "Registered: Amina Diallo"]);
      await page.goto(`/patients/${patientId}`);
      await page.getByRole("tab", { name: plug.tab }).click();
      await page.getByRole("main").getByRole("list").getByText("Pulse 72, blood pressure 120/80").waitFor();
      await page.goto("/admin/changes");
      // The failed change stays staged until an administrator discards it.
      const staged = page.getByRole("table", { name: "Changes the next apply makes" });
      await staged.getByRole("button", { name: "Discard the change to vital_signs" }).click();
      await page.getByText("Nothing is staged.").waitFor();
    },
    applyTimeout,
  );

  it("refuses a nurse every console route of the API (403) and every console page", async () => {
    const document = await api.call<ApiDocument>("GET", "/api/openapi.json");
    const operations = operationsOf(document).filter(({ operation }) => operation.tags?.includes("admin"));
    expect(operations.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(["post /api/v1/admin/archives", "post /api/v1/admin/changes", "post /api/v1/admin/applies"]),
    );
    const stagedBefore = await api.call("GET", "/api/v1/admin/changes");
    const ward = await api.call<{ id: string }>("POST", "/api/v1/facilities", { name: "South Ward", kind: "clinic" });
    await api.call("POST", "/api/v1/users", {
      username: "nurse.neema",
      displayName: "Neema Mushi",
      password: "nurse neema passphrase",
      roles: ["nurse"],
      facilityIds: [ward.id],
    });
    const nursePage = await newPage();
    await signIn(nursePage, "nurse.neema", "nurse neema passphrase");
    const nurse = await PageApi.signIn(nursePage, "nurse.neema", "nurse neema passphrase");
    for (const { method, path } of operations) {
      const upload = path.endsWith("/archives");
      const body = method === "get" || method === "delete" ? undefined : upload ? "not an archive" : { token: "x" };
      const concrete = path.replace(/\{[^}]+\}/g, plug.id);
      const answer = await nurse.answer(method.toUpperCase(), concrete, body, upload ? "application/octet-stream" : undefined);
      expect(`${method} ${path}: ${answer.status}`).toBe(`${method} ${path}: 403`);
    }
    expect(await api.call("GET", "/api/v1/admin/changes")).toEqual(stagedBefore);
    for (const path of ["/admin", "/admin/changes"]) {
      await nursePage.goto(path);
      await nursePage.getByRole("heading", { name: "Page not found", level: 1 }).waitFor();
      expect(await nursePage.getByLabel("Plug archive").count(), path).toBe(0);
    }
  });
});

interface ApplyRecordSeen {
  result: string;
  failedStep: string | null;
  steps: Array<{ name: string; status: string }>;
}

/** The value of one fact on the review (a label followed by its value). */
async function factOf(review: ReturnType<Page["getByRole"]>, label: string): Promise<string> {
  const value = review.getByText(label, { exact: true }).locator("xpath=following-sibling::*[1]");
  return ((await value.textContent()) ?? "").trim();
}
