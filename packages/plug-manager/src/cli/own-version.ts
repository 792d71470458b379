import { readFileSync } from "node:fs";

/**
 * The plug-manager's version, for `care --version`: read from its package.json next to dist/
 * (every built module of the CLI sits in dist/, so `../package.json` is the package's own).
 */
export function ownVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return packageJson.version;
}
