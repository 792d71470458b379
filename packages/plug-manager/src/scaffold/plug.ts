import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { plugIdPattern } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { careRanges } from "./care-ranges.js";
import { camelCase, pascalCase, suggestName, title, type PlugNames } from "./names.js";
import { changeset } from "./templates/plug/changeset.js";
import { config } from "./templates/plug/config.js";
import { index } from "./templates/plug/index.js";
import { installSql } from "./templates/plug/install-sql.js";
import { packageJson } from "./templates/plug/package-json.js";
import { plugTypesFile } from "./templates/plug/plug-types.js";
import { route } from "./templates/plug/route.js";
import { signal } from "./templates/plug/signal.js";
import { test } from "./templates/plug/test.js";
import { tsconfig } from "./templates/plug/tsconfig.js";
import { tsupConfig } from "./templates/plug/tsup-config.js";
import { vitestConfig } from "./templates/plug/vitest-config.js";
import { uiClient } from "./templates/plug/ui/ui-client.js";
import { uiIndex } from "./templates/plug/ui/ui-index.js";
import { uiTab } from "./templates/plug/ui/ui-tab.js";
import { uiTest } from "./templates/plug/ui/ui-test.js";
import { uiTranslations } from "./templates/plug/ui/ui-translations.js";
import { packagesUnder, refuseExisting, workspaceRoot, writeNewPackage, type FileTree, type ScaffoldResult } from "./workspace.js";

export interface ScaffoldPlugOptions {
  /** The workspace root: the folder with pnpm-workspace.yaml. */
  root: string;
  /** The plug id: 1-32 lowercase letters, digits or '_', starting with a letter. */
  id: string;
}

/** The zod version new plugs pin when the workspace's plug SDK does not say. */
const defaultZodVersion = "4.6.7";

/**
 * `care plug new <id>`: writes `plugs/<id>` (package `@care-plugs/<id>`, version 0.1.0) with a config
 * schema, one signal handler, one route, a patient tab that reads it (src/ui, care.plug.ui "./ui"),
 * `migrations/install.sql`, tests on the SDK's test kit (the route, and the tab rendered) and
 * the workspace's build settings, plus `.changeset/<id>-new-plug.md`. After `pnpm install`,
 * `pnpm --filter @care-plugs/<id> test` passes. Refuses (writing nothing) an invalid id, a folder or
 * changeset that exists, and an id or package name another plug of the workspace already has.
 */
export async function scaffoldPlug(options: ScaffoldPlugOptions): Promise<ScaffoldResult> {
  const id = validPlugId(options.id);
  const root = await workspaceRoot(options.root, "plugs");
  const packageName = `@care-plugs/${id}`;
  const packageDir = `plugs/${id}`;
  const changesetFile = `.changeset/${id}-new-plug.md`;

  await refuseExisting(
    root,
    packageDir,
    "a plug (or something else) is already there",
    `choose another id, or move ${packageDir} away first`,
  );
  for (const { path, json } of await packagesUnder(root, "plugs")) {
    if (json.name === packageName) {
      throw new CareCliError(`${path} is already the package ${packageName}`, { code: "name_taken", hint: "choose another plug id" });
    }
    if (json.care?.plug?.id === id) {
      throw new CareCliError(`${path} (${json.name}) already has the plug id "${id}"`, {
        code: "plug_id_taken",
        hint: "plug ids are unique: they name the database schema and the URL prefix; choose another id",
      });
    }
  }
  await refuseExisting(
    root,
    changesetFile,
    "a changeset for a plug of this id is pending",
    `choose another id, or remove ${changesetFile} if it is left over`,
  );

  const names: PlugNames = {
    id,
    packageName,
    camel: camelCase(id),
    pascal: pascalCase(id),
    title: title(id),
    zodVersion: await zodVersionOf(root),
    sdkRange: (await careRanges(root))["@care/plug-sdk"],
  };
  const files: FileTree = {
    [`${packageDir}/package.json`]: packageJson(names),
    [`${packageDir}/src/index.ts`]: index(names),
    [`${packageDir}/src/plug.ts`]: plugTypesFile(names),
    [`${packageDir}/src/config.ts`]: config(names),
    [`${packageDir}/src/signals/note-new-patient.ts`]: signal(names),
    [`${packageDir}/src/routes/list-patient-notes.ts`]: route(names),
    [`${packageDir}/migrations/install.sql`]: installSql(names),
    [`${packageDir}/src/ui/index.tsx`]: uiIndex(names),
    [`${packageDir}/src/ui/client.ts`]: uiClient(names),
    [`${packageDir}/src/ui/translations.ts`]: uiTranslations(names),
    [`${packageDir}/src/ui/patient-notes-tab.tsx`]: uiTab(names),
    [`${packageDir}/test/${id}.test.ts`]: test(names),
    [`${packageDir}/test/${id}-ui.test.ts`]: uiTest(names),
    [`${packageDir}/tsconfig.json`]: tsconfig(),
    [`${packageDir}/tsup.config.ts`]: tsupConfig(),
    [`${packageDir}/vitest.config.ts`]: vitestConfig(),
    [changesetFile]: changeset(names),
  };
  const written = await writeNewPackage(root, packageDir, files);
  // Its table types from the install.sql just written, as `care plug types` writes them (a scratch database: seconds).
  const { tablesFile, writePlugTables } = await import("../types/index.js");
  await writePlugTables(join(root, packageDir));
  written.push(`${packageDir}/${tablesFile}`);
  return {
    dir: join(root, packageDir),
    packageName,
    files: written,
    nextSteps: ["pnpm install", `pnpm --filter ${packageName} test`, `pnpm care plug add ${packageName} -d <deployment>`],
  };
}

function validPlugId(given: string): string {
  if (typeof given === "string" && plugIdPattern.test(given)) return given;
  const suggestion = typeof given === "string" ? suggestName(given, "_", 32, plugIdPattern) : undefined;
  throw new CareCliError(
    `"${given}" is not a plug id: use 1-32 lowercase letters, digits or '_', starting with a letter (the id names the plug's ` +
      `database schema plug_<id> and its URL prefix /api/plugs/<id>/)`,
    { code: "plug_id_invalid", hint: suggestion ? `try: pnpm care plug new ${suggestion}` : "e.g. pnpm care plug new vital_signs" },
  );
}

/** The exact zod version the workspace's plug SDK depends on, so a plug shares its schemas' zod. */
async function zodVersionOf(root: string): Promise<string> {
  try {
    const sdk = JSON.parse(await readFile(join(root, "packages", "plug-sdk", "package.json"), "utf8"));
    const version = sdk.dependencies?.zod;
    return typeof version === "string" && version !== "" ? version : defaultZodVersion;
  } catch {
    return defaultZodVersion;
  }
}
