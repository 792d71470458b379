import { mkdir, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { run, sourceRoot } from "./temp-workspace.js";

/**
 * A small deployment repository for registry tests that refuse before anything installs: a pnpm
 * workspace with apps/district (no plugs yet), a workspace plug @care-plugs/vitals, the given .npmrc,
 * and this repository's @care/plug-manager linked in so plug.config.ts loads.
 */
export async function makePinningSite(dir: string, npmrc: string): Promise<string> {
  await mkdir(join(dir, "apps/district"), { recursive: true });
  await mkdir(join(dir, "plugs/vitals"), { recursive: true });
  await mkdir(join(dir, "node_modules/@care"), { recursive: true });
  await symlink(join(sourceRoot, "packages/plug-manager"), join(dir, "node_modules/@care/plug-manager"));
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(dir, ".npmrc"), npmrc);
  await writeFile(join(dir, "package.json"), json({ name: "site", private: true }));
  await writeFile(join(dir, "pnpm-workspace.yaml"), "packages:\n  - apps/*\n  - plugs/*\nminimumReleaseAgeExclude:\n  - '@care-plugs/*'\n");
  await writeFile(
    join(dir, "apps/district/package.json"),
    json({ name: "@care-deploy/district", version: "0.1.0", private: true, type: "module", dependencies: {} }),
  );
  await writeFile(join(dir, "apps/district/plug.config.ts"), deploymentConfig([]));
  await writeFile(join(dir, "plugs/vitals/package.json"), json(plugPackage("@care-plugs/vitals", "0.1.0")));
  return dir;
}

/** plug.config.ts for apps/district listing the given plug() calls. */
export const deploymentConfig = (plugs: string[]) =>
  `import { defineDeployment, plug } from "@care/plug-manager";\n\nexport default defineDeployment({\n  name: "district",\n  plugs: ` +
  `[${plugs.join(", ")}],\n});\n`;

export const plugPackage = (name: string, version: string) => ({
  name,
  version,
  type: "module",
  main: "index.js",
  care: { plug: { id: name.split("/").pop()!.replace(/-/g, "_"), core: ">=0.1.0 <1.0.0", contract: "^1.0.0" } },
});

/** Publishes a minimal plug package to a registry with pnpm, as its publisher would. */
export async function publishPlug(dir: string, name: string, registry: { url: string; configHome: string }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "package.json"), `${JSON.stringify(plugPackage(name, "1.0.0"), null, 2)}\n`);
  await writeFile(join(dir, "index.js"), "export default {};\n");
  const published = await run(dir, ["publish", "--no-git-checks", "--registry", registry.url], 120_000, {
    XDG_CONFIG_HOME: registry.configHome,
  });
  if (published.code !== 0) throw new Error(`publishing ${name} failed:\n${published.output}`);
}

/**
 * A registry stand-in that only records what is asked of it (and answers 404): pointed at as the
 * default registry, it shows whether a name was ever sent outside its scope's pinned registry.
 */
export async function startRecorder(): Promise<{ url: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, requests, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
