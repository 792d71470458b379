import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { refusal, rollbackMessage, startSupervisorDouble, tamperedMarker, upgradeMarker } from "./console-supervisor-double.js";
import { expectAccessible, signIn, useBrowserDemo } from "./harness.js";
import { DemoApi } from "./seed.js";

// The console's plug-changes page under a supervisor: the demo relays to a stand-in for care serve's
// control API (the real one is driven end to end by console-apply), so every screen of the page is
// reached here, the restart included, and checked with axe.
const supervisor = await startSupervisorDouble();
const demo = useBrowserDemo({ CARE_SUPERVISOR_SOCKET: supervisor.socketPath });
afterAll(() => supervisor.close());

let api: DemoApi;
beforeAll(async () => {
  api = await DemoApi.signIn(demo.server.url);
});

const archive = (marker: string) => Buffer.from(`\u001f\u008b pretend archive ${marker} ${"x".repeat(2000)}`);
const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Drops a file on the drop zone as a browser does: a drop event whose DataTransfer holds the file. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const { DataTransfer, File, atob } = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
        atob(text: string): string;
      };
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: "application/gzip" }));
      return transfer;
    },
    { name, base64: bytes.toString("base64") },
  );
  const zone = page.getByTestId("archive-drop");
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

it("refuses a tampered archive, stages a reviewed plug and upgrade, and follows an apply through the restart to its rollback", async () => {
  const page = await demo.newPage();
  await signIn(page);
  await page.getByRole("link", { name: "Plug changes" }).click();
  await page.getByRole("heading", { name: "Plug changes", level: 1 }).waitFor();
  await page.getByText("Deployment demo runs under care serve (release demo-0.1.0-r1").waitFor();
  await page.getByText("Nothing is staged.").waitFor();
  await page.getByText("No change has been applied yet.").waitFor();
  expect(await page.getByRole("button", { name: "Apply changes" }).isDisabled()).toBe(true);
  await expectAccessible(page, "plug changes");

  // A tampered archive: the supervisor's refusal, word for word, and nothing staged.
  const tampered = archive(tamperedMarker);
  await page.getByLabel("Plug archive").setInputFiles({ name: "vitals-0.1.0.tgz", mimeType: "application/gzip", buffer: tampered });
  await page
    .getByRole("alert")
    .filter({ hasText: `The request was refused (${refusal.code})` })
    .getByText(refusal.message)
    .waitFor();
  await page.getByText("The archive was refused; nothing was staged.").waitFor();
  await page.getByText("Nothing is staged.").waitFor();
  expect(await api.call("GET", "/api/v1/admin/changes")).toEqual({ items: [] });
  await expectAccessible(page, "plug changes (refused archive)");

  // A new plug, dropped: what it is, who signed it, what it needs and may touch.
  const vitals = archive("vitals");
  await dropFile(page, "vitals-0.1.0.tgz", vitals);
  const review = page.getByRole("region", { name: "New plug: vitals 0.1.0" });
  await review.waitFor();
  for (const fact of [
    "@acme/care-plug-vitals",
    "Signed by Acme Health",
    "Key SHA256:q8v2YhW0c0mA1kq3p9QfZk7lG2nD5vX4bJt6sR1uE0o",
    "^0.1.0",
    "Compatible",
    "lab ^1.0.0",
    "core.patients: select, references",
    "api.vitals.example",
    digest(vitals),
  ]) {
    await review.getByText(fact, { exact: true }).waitFor();
  }
  // A repository that is not a web address is shown, not linked.
  await review.getByText("git+ssh://git@acme.example/vitals.git", { exact: true }).waitFor();
  expect(await review.getByRole("link", { name: /git\+ssh/ }).count()).toBe(0);
  expect(supervisor.received).toContainEqual({
    method: "POST",
    path: "/archives",
    actor: "admin",
    fileName: "vitals-0.1.0.tgz",
    sha256: digest(vitals),
  });
  await expectAccessible(page, "plug changes (archive review)");
  await review.getByRole("button", { name: "Confirm and stage" }).click();
  await page.getByRole("status").filter({ hasText: "vitals 0.1.0 staged." }).waitFor();
  const staged = page.getByRole("table", { name: "Changes the next apply makes" });
  await staged.getByRole("row", { name: /^Add vitals 0\.1\.0 vitals-0\.1\.0\.tgz admin / }).waitFor();

  // An upgrade: the steps that will run and what changed in its declaration; staged, then discarded.
  await page
    .getByLabel("Plug archive")
    .setInputFiles({ name: "lab-1.3.0.tgz", mimeType: "application/gzip", buffer: archive(upgradeMarker) });
  const upgrade = page.getByRole("region", { name: "Upgrade lab from 1.2.0 to 1.3.0" });
  await upgrade.getByText("1.2.0 → 1.3.0 (upgrade/1.2.0_1.3.0.sql)").waitFor();
  await upgrade
    .getByRole("table", { name: "Declaration changes" })
    .getByRole("row", { name: 'outsideHosts [] ["lims.example"]' })
    .waitFor();
  await expectAccessible(page, "plug changes (upgrade review)");
  await upgrade.getByRole("button", { name: "Confirm and stage" }).click();
  await staged.getByRole("row", { name: /^Upgrade lab 1\.2\.0 → 1\.3\.0 / }).waitFor();
  await staged.getByRole("button", { name: "Discard the change to lab" }).click();
  await staged.getByRole("row", { name: /^Upgrade lab/ }).waitFor({ state: "detached" });
  expect(supervisor.received.some((request) => request.method === "DELETE" && request.actor === "admin")).toBe(true);
  expect((await api.call<{ items: Array<{ plug: string }> }>("GET", "/api/v1/admin/changes")).items.map((change) => change.plug)).toEqual([
    "vitals",
  ]);

  // Apply: while the deployment restarts its API does not answer; the page says so and keeps asking.
  let restarting = true;
  await page.route("**/api/v1/admin/applies/*", (route) => (restarting ? route.abort("connectionrefused") : route.fallback()));
  await page.getByRole("button", { name: "Apply changes" }).click();
  await page.getByRole("status").filter({ hasText: "The deployment is restarting…" }).waitFor();
  restarting = false;
  const current = page.getByRole("region", { name: "Current apply" });
  await current.getByRole("alert").filter({ hasText: "Rolled back: the previous version is back and serving" }).waitFor();
  await current.getByText(`Step Health failed: ${rollbackMessage}`).waitFor();
  await current.getByRole("row", { name: "Health Failed" }).waitFor();
  await current.getByText("Add vitals 0.1.0").waitFor();
  await page.getByText("Nothing is staged.").waitFor();
  expect(await page.getByRole("button", { name: "Apply changes" }).isDisabled()).toBe(true);
  await expectAccessible(page, "plug changes (rolled back)");

  // The journal keeps it: a fresh page shows it there, with who applied it.
  await page.reload();
  const journal = page.getByRole("region", { name: "Apply journal" });
  await journal.getByRole("heading", { name: /^Apply by admin, / }).waitFor();
  await journal.getByText(`Step Health failed: ${rollbackMessage}`).waitFor();
});
