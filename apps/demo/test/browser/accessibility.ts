import { createRequire } from "node:module";
import type { BrowserContext, Page } from "playwright-core";

const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Puts axe (axe.min.js of the installed axe-core) into every page the context opens. An init script, not
 * page.addScriptTag: the app's Content-Security-Policy (script-src 'self') refuses an inline <script> tag,
 * and the tests must not switch the policy off to check the pages it protects.
 */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: axeScript });
}

/** The serious and critical violations axe finds on the page as it is now (every rule axe runs by default). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // The tests compile without the DOM library: the page's globals are reached through globalThis.
  if (!(await page.evaluate(() => "axe" in globalThis))) throw new Error("axe is not in the page: call withAxe(context) first");
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown): Promise<{ violations: unknown[] }> };
      document: unknown;
    };
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[]).filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** Fails with a readable list (rule, help, elements) when the page has a serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const found = await seriousViolations(page);
  if (found.length === 0) return;
  const lines = found.flatMap((violation) => [
    `- ${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}`,
    ...violation.nodes.slice(0, 5).map((node) => `    at ${JSON.stringify(node.target)}: ${node.failureSummary ?? ""}`.trimEnd()),
  ]);
  throw new Error(`axe found ${found.length} serious or critical violation(s) on the ${screen} screen:\n${lines.join("\n")}`);
}
