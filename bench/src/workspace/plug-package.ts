import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { baselineSql, installSql, latestVersion, upgradeSteps } from "./plug-schema.js";

export interface SyntheticPlug {
  /** The plug id; also names its schema plug_<id>. */
  id: string;
  packageName: string;
  version: string;
}

export interface PlugPackageOptions {
  /** "install": only migrations/install.sql; "chain": also baseline/1.0.0.sql and the ten upgrade steps. */
  migrations: "install" | "chain";
  /**
   * "dist": a ready dist/index.js, as a published plug arrives (no build step);
   * "tsup": src/index.ts with the workspace's tsup build, as a plug developed in the workspace.
   */
  code: "dist" | "tsup";
  /** Overrides install.sql, e.g. with release 1.0.0's to play that release. */
  installSql?: string;
}

/** The package a synthetic plug is: plugs/<id>/ with package.json (care.plug), code and migrations. */
export const syntheticPlug = (index: number, idPrefix = "p", scope = "@bench-plugs"): SyntheticPlug => {
  const id = `${idPrefix}${String(index).padStart(3, "0")}`;
  return { id, packageName: `${scope}/${id}`, version: latestVersion };
};

const zodVersion = "4.6.7";

function packageJson(plug: SyntheticPlug, code: PlugPackageOptions["code"]) {
  return {
    name: plug.packageName,
    version: plug.version,
    description: `Synthetic plug ${plug.id} of pnpm bench`,
    license: "Apache-2.0",
    author: "Care Plugs bench",
    type: "module",
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" }, "./package.json": "./package.json" },
    files: ["dist", "migrations"],
    care: { plug: { id: plug.id, core: ">=0.1.0 <1.0.0", contract: "^1.0.0", dependencies: {}, coreReads: { patients: ["id"] } } },
    scripts: code === "tsup" ? { build: "tsup" } : {},
    dependencies: { "@care/plug-sdk": "workspace:^", zod: zodVersion },
  };
}

/** A config with defaults, so that checks validate something for every plug. */
const configSource = `z.object({ greeting: z.string().default("hello"), limit: z.number().int().positive().default(10) })`;

/** What tsup makes of src/index.ts: the package.json inlined. */
const builtIndex = (manifest: object) => `import { definePlug } from "@care/plug-sdk";
import { z } from "zod";

var package_default = ${JSON.stringify(manifest, null, 2)};

var index_default = definePlug({
  package: package_default,
  config: ${configSource},
  migrations: new URL("../migrations/", import.meta.url)
});
export {
  index_default as default
};
`;

const sourceIndex = `import { definePlug } from "@care/plug-sdk";
import { z } from "zod";
import manifest from "../package.json" with { type: "json" };

export default definePlug({
  package: manifest,
  config: ${configSource},
  migrations: new URL("../migrations/", import.meta.url),
});
`;

const tsupConfig = `import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.config.base.js";

export default defineConfig(libraryBuild());
`;

const tsconfig = `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {},
  "include": ["src", "*.config.ts"]
}
`;

/** Writes the plug's package into `dir`. */
export async function writePlugPackage(dir: string, plug: SyntheticPlug, options: PlugPackageOptions): Promise<void> {
  const manifest = packageJson(plug, options.code);
  await mkdir(join(dir, "migrations"), { recursive: true });
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, "migrations", "install.sql"), options.installSql ?? installSql());
  if (options.migrations === "chain") {
    await mkdir(join(dir, "migrations", "baseline"), { recursive: true });
    await mkdir(join(dir, "migrations", "upgrade"), { recursive: true });
    await writeFile(join(dir, "migrations", "baseline", "1.0.0.sql"), baselineSql());
    for (const step of upgradeSteps()) await writeFile(join(dir, "migrations", "upgrade", step.file), step.sql);
  }
  if (options.code === "dist") {
    await mkdir(join(dir, "dist"), { recursive: true });
    await writeFile(join(dir, "dist", "index.js"), builtIndex(manifest));
  } else {
    await mkdir(join(dir, "src"), { recursive: true });
    await writeFile(join(dir, "src", "index.ts"), sourceIndex);
    await writeFile(join(dir, "tsup.config.ts"), tsupConfig);
    await writeFile(join(dir, "tsconfig.json"), tsconfig);
  }
}
