import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { UserConfig } from "vite";

export interface CareWebOptions {
  /** The deployment's folder (its vite.config.ts passes `import.meta.dirname`). */
  deploymentDir: string;
  /** The UI manifest `care sync` writes, relative to deploymentDir; default `src/ui.generated.ts`. */
  uiManifest?: string;
  /** Where the built app goes, relative to deploymentDir; default `dist/web` (the runtime serves it from there). */
  outDir?: string;
}

/** The one module the app imports the deployment's plug screens from. */
export const plugUisModule = "virtual:care-plug-uis";

/**
 * One copy of each for the whole app: the host and every plug's screens must share React, the query
 * client's context, i18next and the UI contract's contexts, or a plug's hooks would not see the host.
 */
const sharedPackages = [
  "react",
  "react-dom",
  "@tanstack/react-query",
  "i18next",
  "react-i18next",
  "@mantine/core",
  "@mantine/hooks",
  "@care/plug-api",
  // The SDK's ui entry only re-exports the contract, so the entry above is what keeps its contexts one copy; this one
  // also puts a plug's own copy of the SDK aside wherever @care/web's folder resolves the site's (a registry install).
  "@care/plug-sdk",
];

/** This package's folder (index.html, src/), from dist/vite/ or src/vite/ alike. */
const webPackageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The Vite config that builds Care's web app for one deployment: the app of @care/web with exactly
 * the plug screens listed in the deployment's UI manifest, into the deployment's dist/web.
 */
export function careWebConfig(options: CareWebOptions): UserConfig {
  const deploymentDir = resolve(options.deploymentDir);
  const manifest = resolve(deploymentDir, options.uiManifest ?? "src/ui.generated.ts");
  if (!existsSync(manifest)) {
    throw Object.assign(
      new Error(`${manifest} does not exist: the web build needs the deployment's UI manifest; run \`care sync\` to write it`),
      { code: "web_ui_manifest_missing" },
    );
  }
  return {
    root: webPackageDir,
    base: "/",
    publicDir: join(webPackageDir, "public"),
    // Nothing from the deployment's environment is baked into the app.
    envDir: false,
    cacheDir: join(deploymentDir, "node_modules", ".vite-care-web"),
    mode: "production",
    // Always the production build of React and the libraries, whatever NODE_ENV the build runs under
    // (a test runner sets "test"): turbo's cache key does not include NODE_ENV, so the output must not depend on it.
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    plugins: [react()],
    resolve: {
      alias: [{ find: new RegExp(`^${plugUisModule}$`), replacement: manifest }],
      dedupe: sharedPackages,
    },
    build: {
      outDir: resolve(deploymentDir, options.outDir ?? "dist/web"),
      // The output is outside the app's root: Vite empties it only when told to.
      emptyOutDir: true,
      // No source maps: they would ship the plugs' and the app's sources to every browser.
      sourcemap: false,
      reportCompressedSize: false,
    },
    logLevel: "warn",
  };
}
