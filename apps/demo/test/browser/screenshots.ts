import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/**
 * The README's screenshots live in docs/images. A PNG differs byte by byte on every run, so an ordinary run
 * writes them to a temporary folder (still taking them, so a broken page fails here) and
 * `CARE_UPDATE_SCREENSHOTS=1` retakes the committed ones.
 */
export const imagesDir = process.env.CARE_UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL("../../../../docs/images/", import.meta.url))
  : join(tmpdir(), "care-screenshots/");

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(imagesDir, { recursive: true });
  // Let fonts and the last transition settle; the picture is for people, not compared by the tests.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  await page.screenshot({ path: `${imagesDir}${name}.png`, fullPage: true, animations: "disabled" });
}
