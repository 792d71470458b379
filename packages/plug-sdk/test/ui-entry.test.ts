import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Which packages a Node process loads when it imports an entry of the built SDK: a module resolve
// hook (in its own thread) writes every resolved URL to a file.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "care-sdk-entry-"));
  await writeFile(
    join(folder, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(log, resolved.url + "\\n");
  return resolved;
}`,
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** The packages (by name, from their node_modules path) loaded by importing `specifier` from this package. */
async function packagesLoadedBy(specifier: string): Promise<Set<string>> {
  const log = join(folder, `${specifier.replaceAll("/", "_")}.log`);
  await writeFile(log, "");
  const hooks = pathToFileURL(join(folder, "hooks.mjs")).href;
  const register = `import { register } from "node:module"; register(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });`;
  await promisify(execFile)(
    process.execPath,
    [
      "--import",
      `data:text/javascript,${encodeURIComponent(register)}`,
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(specifier)});`,
    ],
    { cwd: packageDir },
  );
  const urls = (await readFile(log, "utf8")).split("\n").filter(Boolean);
  const names = (url: string) => [
    ...[...url.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/@.][^/]*)\//g)].map((match) => match[1]!),
    // A workspace package resolves to its real folder: packages/core/dist/... is @care/core.
    ...[...url.matchAll(/\/packages\/([^/]+)\/dist\//g)].map((match) => `@care/${match[1]}`),
  ];
  return new Set(urls.flatMap(names));
}

describe("the SDK's entries", () => {
  it("a backend importing @care/plug-sdk loads no React, TanStack Query or i18next", async () => {
    const loaded = await packagesLoadedBy("@care/plug-sdk");
    expect(loaded).toContain("zod");
    for (const browserOnly of ["react", "react-dom", "@tanstack/react-query", "@tanstack/query-core", "i18next", "react-i18next"]) {
      expect(loaded).not.toContain(browserOnly);
    }
  });

  it("@care/plug-sdk/ui loads React, TanStack Query and react-i18next, and no server library", async () => {
    const loaded = await packagesLoadedBy("@care/plug-sdk/ui");
    expect(loaded).toContain("react");
    expect(loaded).toContain("@tanstack/react-query");
    expect(loaded).toContain("react-i18next");
    for (const serverOnly of ["zod", "fastify", "kysely", "pino", "semver", "pg", "@care/core", "@care/runtime"]) {
      expect(loaded).not.toContain(serverOnly);
    }
  });
});
