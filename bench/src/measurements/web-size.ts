import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { careWebConfig } from "@care/web/vite";
import { build } from "vite";
import type { Measurement } from "../measurement.js";
import { withRatio, type ResultRow } from "../report.js";
import { summarise } from "../stats.js";

/**
 * The budget for what a browser fetches before the first screen, gzipped, with the demo's three plugs: 200 KiB
 * is about 4 s on a clinic's 400 kbit/s mobile link, once, since every asset is cached as immutable after. The
 * app alone is about 160 KiB (react-dom about 60 of it), so a plug's screens add little to the first load: they
 * load when their slot is shown.
 */
const firstLoadBudgetKiB = 200;

interface WebSize {
  firstLoad: number;
  allScripts: number;
}

/**
 * The demo deployment's web app built twice, from a manifest with no plugs and from the demo's own (hello, lab,
 * notify): JavaScript gzipped, both what index.html loads before the first screen (its script and module
 * preloads) and every script of the build. Sizes do not vary between runs: one build each.
 */
export const webSize: Measurement = {
  name: "web-size",
  title: "web app size per deployment (JavaScript, gzipped)",
  run: async ({ root, tmpDir, log }) => {
    const demoDir = join(root, "apps/demo");
    const demoManifest = await readFile(join(demoDir, "src/ui.generated.ts"), "utf8");
    const none = await buildAndMeasure(demoDir, join(tmpDir, "web-no-plugs"), noPlugsManifest);
    const demo = await buildAndMeasure(demoDir, join(tmpDir, "web-demo"), demoManifest);
    log(
      `no plugs: ${kib(none.firstLoad)} first load, ${kib(none.allScripts)} in all; demo: ${kib(demo.firstLoad)}, ${kib(demo.allScripts)}`,
    );
    const row = (which: string, bytes: number, baseline: number | undefined, target?: number): ResultRow => ({
      ...withRatio({
        measurement: "web app JS, gzipped",
        database: "-",
        case: which,
        unit: "KiB",
        better: "lower",
        result: summarise([bytes / 1024]),
        baseline: baseline === undefined ? undefined : { name: "no plugs", result: summarise([baseline / 1024]) },
      }),
      ...(target === undefined ? {} : { target: `≤ ${target} KiB`, met: bytes / 1024 <= target }),
    });
    return [
      row("no plugs, first load", none.firstLoad, undefined),
      row("no plugs, every script", none.allScripts, undefined),
      row("demo (hello, lab, notify), first load", demo.firstLoad, none.firstLoad, firstLoadBudgetKiB),
      row("demo (hello, lab, notify), every script", demo.allScripts, none.allScripts),
    ];
  },
};

const noPlugsManifest = [
  'import type { PlugUi } from "@care/plug-sdk/ui";',
  "export const plugUis: { plugId: string; ui: PlugUi }[] = [];",
].join("\n");

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function buildAndMeasure(demoDir: string, outDir: string, manifest: string): Promise<WebSize> {
  // Under the demo's node_modules, so the manifest's imports resolve to the demo's installed plugs.
  const manifestDir = join(demoDir, "node_modules/.cache/care-bench-web");
  const manifestFile = join(manifestDir, "ui.generated.ts");
  await mkdir(manifestDir, { recursive: true });
  await writeFile(manifestFile, manifest);
  try {
    await build({ ...careWebConfig({ deploymentDir: demoDir, uiManifest: manifestFile, outDir }), configFile: false, logLevel: "error" });
  } finally {
    await rm(manifestDir, { recursive: true, force: true });
  }
  const gzipped = async (file: string) => gzipSync(await readFile(join(outDir, file))).length;
  const html = await readFile(join(outDir, "index.html"), "utf8");
  const firstFiles = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map(
    (match) => match[1]!,
  );
  const scripts = (await readdir(outDir, { recursive: true, encoding: "utf8" })).filter((file) => file.endsWith(".js"));
  const sum = async (files: string[]) => (await Promise.all(files.map(gzipped))).reduce((total, size) => total + size, 0);
  return { firstLoad: await sum(firstFiles), allScripts: await sum(scripts) };
}
