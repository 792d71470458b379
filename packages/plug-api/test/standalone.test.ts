import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");
const packageJson = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Record<
  string,
  Record<string, string> | undefined
>;

/** The built files a consumer loads (run after `build`, as turbo's test task is). */
function builtFiles(dir = join(packageDir, "dist")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? builtFiles(join(dir, entry.name)) : /\.(js|d\.ts)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

/** Module names a built file imports, re-exports or loads: static, dynamic and type-only. */
const importedModules = (text: string) => [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((match) => match[1]!);

describe("the contract stands alone", () => {
  it("names no other Care package among its dependencies of any kind", () => {
    const kinds = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];
    const careDependencies = kinds.flatMap((kind) => Object.keys(packageJson[kind] ?? {}).filter((name) => name.startsWith("@care/")));
    expect(careDependencies).toEqual([]);
  });

  it("imports nothing of the core or the runtime from its built files", () => {
    const files = builtFiles();
    expect(files.some((file) => file.endsWith("index.d.ts"))).toBe(true);
    const careImports = files.flatMap((file) =>
      importedModules(readFileSync(file, "utf8"))
        .filter((name) => name.startsWith("@care/"))
        .map((name) => `${file.slice(packageDir.length + 1)} imports ${name}`),
    );
    expect(careImports).toEqual([]);
  });
});
