import { mkdir, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { careWebConfig } from "@care/web/vite";
import { build } from "vite";
import { recordPlugUiEntries } from "./plug-ui-entries.js";
import { readViteManifest, scriptsFor } from "./route-scripts.js";

/** The sources (relative to @care/web's root) of the chunks each first screen runs, as Vite's manifest keys them. */
const signInScreen = ["index.html", "src/screens/login-screen.tsx"];
const dashboardScreen = ["index.html", "src/screens/dashboard-screen.tsx"];
const plugUiLoader = "src/slots/load-plug-uis.ts";
/** The frame of signed-in screens: a chunk of its own when it is lazy, else part of the entry and not in the manifest. */
const appLayout = "src/layout/app-layout.tsx";

/** Bytes of gzipped JavaScript a browser fetches, per first screen and in all. */
export interface WebSize {
  signIn: number;
  dashboard: number;
  /** The dashboard's scripts the sign-in screen had not fetched. */
  afterSignIn: number;
  everyScript: number;
  /** index.html's stylesheets, gzipped: not JavaScript, so outside the budgets, but fetched before the first screen too. */
  styles: number;
}

/**
 * Builds the deployment's web app from `manifest` (the text of a UI manifest) into `outDir` and measures what each
 * first screen fetches, as Vite's build manifest says: index.html's entry with every chunk it imports, the screen's own
 * chunks and, once signed in, the plugs' UI entries with the module that loads and checks them.
 */
export async function measureWebBuild(demoDir: string, outDir: string, manifest: string): Promise<WebSize> {
  // Under the demo's node_modules, so the manifest's imports resolve to the demo's installed plugs.
  const manifestDir = join(demoDir, "node_modules/.cache/care-bench-web");
  const manifestFile = join(manifestDir, "ui.generated.ts");
  await mkdir(manifestDir, { recursive: true });
  await writeFile(manifestFile, manifest);
  const plugUiEntries: string[] = [];
  try {
    const config = careWebConfig({ deploymentDir: demoDir, uiManifest: manifestFile, outDir });
    const plugins = [...(config.plugins ?? []), recordPlugUiEntries(await realpath(manifestFile), config.root!, plugUiEntries)];
    // The manifest maps each source to its chunk and that chunk's imports: the graph a route's first load follows.
    await build({ ...config, plugins, build: { ...config.build, manifest: true }, configFile: false, logLevel: "error" });
  } finally {
    await rm(manifestDir, { recursive: true, force: true });
  }
  const viteManifest = await readViteManifest(outDir);
  const html = await readFile(join(outDir, "index.html"), "utf8");
  // What index.html itself names, in case the manifest ever misses a preload: counted either way.
  const htmlScripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map(
    (match) => match[1]!,
  );
  const htmlStyles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\/([^"]+\.css)"/g)].map((match) => match[1]!);
  const gzipped = async (file: string) => gzipSync(await readFile(join(outDir, file))).length;
  const sum = async (files: Iterable<string>) => (await Promise.all([...new Set(files)].map(gzipped))).reduce((a, b) => a + b, 0);
  // The plugs' UI entries, and the check of their declarations, load once someone has signed in (PlugUisProvider).
  const plugLoading = plugUiEntries.length ? scriptsFor(viteManifest, [plugUiLoader, ...plugUiEntries]) : [];
  const signInFiles = [...htmlScripts, ...scriptsFor(viteManifest, signInScreen)];
  const layout = appLayout in viteManifest ? [appLayout] : [];
  const dashboardFiles = [...htmlScripts, ...plugLoading, ...scriptsFor(viteManifest, [...dashboardScreen, ...layout])];
  const scripts = (await readdir(outDir, { recursive: true, encoding: "utf8" })).filter((file) => file.endsWith(".js"));
  return {
    signIn: await sum(signInFiles),
    dashboard: await sum(dashboardFiles),
    afterSignIn: await sum(dashboardFiles.filter((file) => !signInFiles.includes(file))),
    everyScript: await sum(scripts),
    styles: await sum(htmlStyles),
  };
}
