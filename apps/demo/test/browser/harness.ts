import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { withAxe } from "./accessibility.js";
import { launchChromium } from "./chromium.js";
import { adminPassword, type DemoServer, startBuiltDemo } from "./demo-server.js";

export { expectAccessible } from "./accessibility.js";
export { adminPassword } from "./demo-server.js";

/** A started demo and a Chromium for one test file; `newPage` opens a fresh context (own sessionStorage). */
export interface BrowserDemo {
  server: DemoServer;
  browser: Browser;
  newPage(options?: { locale?: string }): Promise<Page>;
}

/** Starts the built demo (a child process) and Chromium before the file's tests, and stops both after. */
export function useBrowserDemo(env: Record<string, string> = {}): BrowserDemo {
  const demo = {} as BrowserDemo;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    demo.server = await startBuiltDemo(env);
    demo.browser = await launchChromium();
    demo.newPage = async ({ locale = "en-GB" } = {}) => {
      const context = await demo.browser.newContext({ baseURL: demo.server.url, locale, viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      await withAxe(context);
      return context.newPage();
    };
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await demo.browser?.close();
    await demo.server?.stop();
  }, 60_000);
  return demo;
}

/** Fills the login page and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the login page, as a person would, and waits until the app has left it. */
export async function signIn(page: Page, username = "admin", password = adminPassword): Promise<void> {
  await page.goto("/login");
  await submitLogin(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}
