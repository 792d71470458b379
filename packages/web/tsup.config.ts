import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

// Only the Node side is built here (`@care/web/vite`); the app itself (index.html, src/) is built by
// each deployment's `vite build`, with that deployment's plugs.
export default defineConfig({ ...libraryBuild(["src/vite/index.ts"]), outDir: "dist/vite" });
