import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { careWebConfig } from "@care/web/vite";
import type { Page } from "playwright-core";
import { build, type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { appDir } from "./demo-server.js";
import { adminPassword, expectAccessible, submitLogin, useBrowserDemo } from "./harness.js";
import { DemoApi } from "./seed.js";

// The demo's web app built from a manifest with the demo's plugs and three more: `broken`, whose UI entry throws as it
// loads; `malformed`, whose patient tab declares its roles as a string; and `pager`, a page at `orders/:orderId`. It is
// served by Vite's preview, which passes /api to the running demo, so everything but the plugs' screens is the real app.
const scratch = join(appDir, "node_modules/.cache/care-plug-resilience");

const manifest = `
export const plugUis = [
  { plugId: "broken", load: () => import("./broken-ui.js") },
  { plugId: "hello", load: () => import("@care-plugs/hello/ui") },
  { plugId: "lab", load: () => import("@care-plugs/lab/ui") },
  {
    plugId: "malformed",
    load: async () => ({ default: { patientTabs: [{ id: "notes", label: "tab", roles: "doctor", component: () => "notes" }] } }),
  },
  { plugId: "notify", load: () => import("@care-plugs/notify/ui") },
  {
    plugId: "pager",
    load: async () => ({
      default: {
        translations: { en: { page: "Order" } },
        pages: [{ id: "order", label: "page", path: "orders/:orderId", component: ({ params }) => "Order number " + params.orderId }],
      },
    }),
  },
];
`;

const demo = useBrowserDemo();
let app: PreviewServer;
let appUrl: string;
let api: DemoApi;
let facilityId: string;

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, "ui.generated.ts"), manifest);
  writeFileSync(join(scratch, "broken-ui.js"), 'throw new Error("broken\'s screens fail as their module loads");\n');
  const config = careWebConfig({ deploymentDir: appDir, uiManifest: join(scratch, "ui.generated.ts"), outDir: join(scratch, "web") });
  // As `vite build` runs it: under vitest's NODE_ENV=test, @vitejs/plugin-react would compile JSX for React's dev
  // runtime, which careWebConfig's production React does not have.
  const testEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ ...config, configFile: false, logLevel: "error" });
  } finally {
    process.env.NODE_ENV = testEnv;
  }
  app = await preview({
    ...config,
    configFile: false,
    logLevel: "error",
    preview: { host: "127.0.0.1", port: 0, proxy: { "/api": demo.server.url } },
  });
  appUrl = app.resolvedUrls?.local[0]?.replace(/\/$/, "") ?? "";
  expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  api = await DemoApi.signIn(demo.server.url);
  facilityId = (await api.createFacility("North Clinic")).id;
}, 400_000);

afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Signs in on the fixture app (not the demo's own address, which serves the demo's build). */
async function signedInPage(): Promise<Page> {
  const page = await demo.newPage();
  await page.goto(`${appUrl}/login`);
  await submitLogin(page, "admin", adminPassword);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

it("shows a plug page the params its path names: /plugs/pager/orders/<id>", async () => {
  const page = await signedInPage();
  await page.goto(`${appUrl}/plugs/pager/orders/A-17`);
  await page.getByRole("heading", { name: "Order", level: 1 }).waitFor();
  await page.getByText("Order number A-17").waitFor();
  await expectAccessible(page, "a plug page with a param");
  // No page of pager's matches: not found, as for any unknown address.
  await page.goto(`${appUrl}/plugs/pager/orders`);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
});

it("leaves out a plug whose screens throw as they load and one declared wrongly, naming both; the rest works", async () => {
  await api.createPatient(facilityId, "Amina Diallo");
  const page = await signedInPage();
  const notice = page.getByRole("alert").filter({ hasText: "Some plugs' screens are unavailable" });
  await notice.getByText("The broken plug's screens could not be loaded.").waitFor();
  await notice.getByText(/The malformed plug's screens are declared wrongly \(patientTabs\.0\.roles: .*expected array/).waitFor();
  await page.getByRole("region", { name: "Greetings" }).getByText("Welcome, Amina Diallo!").waitFor();
  await expectAccessible(page, "dashboard with plugs left out");

  await page.getByRole("navigation").getByRole("link", { name: "Patients", exact: true }).click();
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Amina Diallo" }).click();
  await page.getByRole("tab", { name: "Lab" }).click();
  await page.getByText("No lab orders yet.").waitFor();
  expect(await page.getByRole("tab").count()).toBe(2);

  await page.goto(`${appUrl}/admin`);
  await page.getByRole("link", { name: "Visit messages" }).waitFor();
  await notice.getByText("The broken plug's screens could not be loaded.").waitFor();
  await page.goto(`${appUrl}/plugs/broken/anything`);
  await notice.getByText("The broken plug's screens could not be loaded.").waitFor();
  expect(await page.getByText("Page not found").count()).toBe(0);
});

/** Moves within the app, as its own links and the browser's Back do: the patient page stays mounted. */
async function inApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    const { history, dispatchEvent, PopStateEvent } = globalThis as unknown as {
      history: { pushState(state: unknown, title: string, url: string): void };
      dispatchEvent(event: unknown): void;
      PopStateEvent: new (type: string) => unknown;
    };
    history.pushState(null, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

it("does not carry a failed tab over to the next patient, and renders it again on Try again", async () => {
  const first = await api.createPatient(facilityId, "Baraka Juma");
  const second = await api.createPatient(facilityId, "Zawadi Mushi");
  const page = await signedInPage();
  // lab's tab gets an answer it cannot read for the first patient (no list of orders), so it throws while rendering.
  const unreadable = `**/api/plugs/lab/patients/${first.id}/orders*`;
  await page.route(unreadable, (route) => route.fulfill({ json: { items: null } }));
  const failed = page.getByRole("alert").filter({ hasText: "The lab plug's screen failed" });
  await page.goto(`${appUrl}/patients/${second.id}?tab=lab.orders`);
  await page.getByText("No lab orders yet.").waitFor();
  await inApp(page, `/patients/${first.id}?tab=lab.orders`);
  await page.getByRole("heading", { name: "Baraka Juma", level: 1 }).waitFor();
  await failed.waitFor();
  await expectAccessible(page, "a failed plug tab");

  // Back to the second patient, whose page and orders are cached: their tab renders at once, not the last one's error.
  await page.evaluate(() => (globalThis as unknown as { history: { back(): void } }).history.back());
  await page.getByRole("heading", { name: "Zawadi Mushi", level: 1 }).waitFor();
  await page.getByText("No lab orders yet.").waitFor();
  expect(await failed.count()).toBe(0);

  await page.goto(`${appUrl}/patients/${first.id}?tab=lab.orders`);
  await failed.waitFor();
  // The answer is readable now: Try again fetches it anew and renders the tab.
  await page.unroute(unreadable);
  await failed.getByRole("button", { name: "Try again" }).click();
  await page.getByText("No lab orders yet.").waitFor();
  expect(await failed.count()).toBe(0);
});

it("labels each encounter action with its declared label", async () => {
  const patient = await api.createPatient(facilityId, "Kito Mrema");
  const encounter = await api.createEncounter(patient.id);
  const page = await signedInPage();
  await page.goto(`${appUrl}/encounters/${encounter.id}`);
  const action = page.getByRole("region", { name: "Actions" }).getByRole("region", { name: "Order a test" });
  await action.getByLabel("Test code").waitFor();
  await expectAccessible(page, "encounter page with a labelled action");
});
