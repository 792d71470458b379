import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The files stay with the CLI they test; this package only gives them a turbo task of their own.
const cliPackage = fileURLToPath(new URL("../plug-manager/", import.meta.url));
const longFiles: string[] = JSON.parse(readFileSync(new URL("test/long-files.json", `file://${cliPackage}`), "utf8")).files;

export default defineConfig({
  test: {
    root: cliPackage,
    include: longFiles,
    globalSetup: ["test/shared-turbo-cache.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
