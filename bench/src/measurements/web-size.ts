import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Measurement } from "../measurement.js";
import { type ResultRow, withRatio } from "../report.js";
import { summarise } from "../stats.js";
import { measureWebBuild, type WebSize } from "../web/web-build-size.js";

/**
 * Budgets in KiB of JavaScript, gzipped; bench/README.md ("web-size") justifies each. A clinic's 400 kbit/s mobile
 * link moves about 49 KiB a second, and every script is cached as immutable once fetched, so each is paid once.
 */
const budgetKiB = {
  /** Any deployment, before either first screen (sign-in, or the dashboard for a signed-in user): about 4.1 s. */
  firstScreen: 200,
  /** What the demo's three plugs add to the sign-in screen: about 0.2 s (their screens load once signed in). */
  plugsFirstScreen: 10,
  /** What they add to the dashboard: the check of their declarations and their UI entries, about 0.6 s. */
  plugsDashboard: 30,
  /** From pressing "Sign in" to the dashboard: what the browser adds to what /login loaded, about 0.5 s. */
  afterSignIn: 25,
  /** Every screen of the app, each fetched when a user first reaches it: about 8 s in all, spread over the screens. */
  everyScript: 400,
};

/** A clinic's mobile link, the one the budgets are set for. */
const linkBitsPerSecond = 400_000;

/**
 * The demo deployment's web app built twice, from a UI manifest with no plugs and from the demo's own (hello, lab,
 * notify). JavaScript gzipped, as Vite's build manifest says a browser fetches it: index.html's entry with every chunk
 * it imports, plus the chunks of the screen shown first (`/login`, or `/` for a signed-in user). Sizes do not vary
 * between runs: one build each.
 */
export const webSize: Measurement = {
  name: "web-size",
  title: "web app size per deployment (JavaScript, gzipped)",
  run: async ({ root, tmpDir, log }) => {
    const demoDir = join(root, "apps/demo");
    const demoManifest = await readFile(join(demoDir, "src/ui.generated.ts"), "utf8");
    const none = await measureWebBuild(demoDir, join(tmpDir, "web-no-plugs"), noPlugsManifest);
    const demo = await measureWebBuild(demoDir, join(tmpDir, "web-demo"), demoManifest);
    for (const [which, size] of [
      ["no plugs", none],
      ["demo", demo],
    ] as const) {
      log(`${which}: sign-in ${kib(size.signIn)}, dashboard ${kib(size.dashboard)}, every script ${kib(size.everyScript)}`);
    }
    return [
      ...buildRows("no plugs", none, budgetKiB.firstScreen),
      ...buildRows("demo (hello, lab, notify)", demo, budgetKiB.firstScreen, none),
      row("the demo's plugs' addition, sign-in screen", demo.signIn - none.signIn, {
        target: budgetKiB.plugsFirstScreen,
        note: "with the demo's plugs − without, both first loads of /login",
      }),
      row("the demo's plugs' addition, dashboard", demo.dashboard - none.dashboard, {
        target: budgetKiB.plugsDashboard,
        note: "with the demo's plugs − without, both first loads of / signed in",
      }),
    ];
  },
};

/** The rows of one build; `baseline` is the build without plugs, for the ratio. */
function buildRows(name: string, size: WebSize, firstScreenBudget: number, baseline?: WebSize): ResultRow[] {
  const start = "index.html's entry and its imports";
  return [
    row(`${name}, sign-in screen (first load)`, size.signIn, {
      baseline: baseline?.signIn,
      target: firstScreenBudget,
      note: `${start}, then the /login screen's chunks; ${seconds(size.signIn)}. Not counted: ${kib(size.styles)} of CSS`,
    }),
    row(`${name}, dashboard (first load, signed in)`, size.dashboard, {
      baseline: baseline?.dashboard,
      target: firstScreenBudget,
      note: `a signed-in user's first visit to /: ${start}, the plugs' UI entries, the dashboard's chunks; ${seconds(size.dashboard)}`,
    }),
    row(`${name}, dashboard after signing in`, size.afterSignIn, {
      baseline: baseline?.afterSignIn,
      target: budgetKiB.afterSignIn,
      note: `the dashboard's chunks /login had not loaded; ${seconds(size.afterSignIn)}. Not counted: plug widgets, fetched as shown`,
    }),
    row(`${name}, every script`, size.everyScript, { baseline: baseline?.everyScript, target: budgetKiB.everyScript }),
  ];
}

function row(which: string, bytes: number, options: { baseline?: number; target?: number; note?: string }): ResultRow {
  return {
    ...withRatio({
      measurement: "web app JS, gzipped",
      database: "-",
      case: which,
      unit: "KiB",
      better: "lower",
      result: summarise([bytes / 1024]),
      baseline: options.baseline === undefined ? undefined : { name: "no plugs", result: summarise([options.baseline / 1024]) },
      note: options.note,
    }),
    ...(options.target === undefined ? {} : { target: `≤ ${options.target} KiB`, met: bytes / 1024 <= options.target }),
  };
}

const seconds = (bytes: number) => `about ${((bytes * 8) / linkBitsPerSecond).toFixed(1)} s at 400 kbit/s`;

// Untyped, so it fits whichever shape of entry the app expects.
const noPlugsManifest = "export const plugUis = [];\n";

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
