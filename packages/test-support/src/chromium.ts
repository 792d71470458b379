import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium; never a downloaded browser. `.ci/run` installs it with apt when missing. */
export const chromiumPath = process.env.CARE_CHROMIUM ?? "/usr/lib/chromium/chromium";

/** Headless, no sandbox (CI runs as root), and nothing the browser would fetch on its own. */
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];

/** Launches Chromium, or fails saying what to install: a missing browser is a failure, never a skipped test. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}: install Debian's package (apt-get install -y chromium, as .ci/run does) ` +
        "or point CARE_CHROMIUM at a Chromium binary",
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: flags, headless: true });
}
export type { Browser, Page } from "playwright-core";
