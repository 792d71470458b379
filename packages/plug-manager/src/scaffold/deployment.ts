import { join } from "node:path";
import { CareCliError } from "../cli-error.js";
import { deploymentNamePattern } from "../deployment-config.js";
import { careRanges } from "./care-ranges.js";
import { suggestName, type DeploymentNames } from "./names.js";
import { main } from "./templates/deployment/main.js";
import { packageJson } from "./templates/deployment/package-json.js";
import { plugConfig } from "./templates/deployment/plug-config.js";
import { plugsGenerated } from "./templates/deployment/plugs-generated.js";
import { startTest } from "./templates/deployment/start-test.js";
import { tsconfig } from "./templates/deployment/tsconfig.js";
import { tsupConfig } from "./templates/deployment/tsup-config.js";
import { uiGenerated } from "./templates/deployment/ui-generated.js";
import { viteConfig } from "./templates/deployment/vite-config.js";
import { vitestConfig } from "./templates/deployment/vitest-config.js";
import { packagesUnder, refuseExisting, workspaceRoot, writeNewPackage, type FileTree, type ScaffoldResult } from "./workspace.js";

export interface ScaffoldDeploymentOptions {
  /** The workspace root: the folder with pnpm-workspace.yaml. */
  root: string;
  /** The deployment name: 1-63 lowercase letters, digits or '-', starting with a letter. */
  name: string;
}

/**
 * `care deployment new <name>`: writes `apps/<name>` (private package `@care-deploy/<name>`) that
 * starts with no plugs: plug.config.ts, an empty src/plugs.generated.ts, src/main.ts, the build and
 * test settings, the web app's build (vite.config.ts, an empty src/ui.generated.ts), and a test that
 * starts it and checks /health and its web app. Refuses (writing nothing) an invalid
 * name, a folder that exists, and a name another app of the workspace already has.
 */
export async function scaffoldDeployment(options: ScaffoldDeploymentOptions): Promise<ScaffoldResult> {
  const name = validDeploymentName(options.name);
  const root = await workspaceRoot(options.root, "apps");
  const packageName = `@care-deploy/${name}`;
  const packageDir = `apps/${name}`;

  await refuseExisting(
    root,
    packageDir,
    "a deployment (or something else) is already there",
    `choose another name, or move ${packageDir} away first`,
  );
  for (const { path, json } of await packagesUnder(root, "apps")) {
    if (json.name === packageName)
      throw new CareCliError(`${path} is already the package ${packageName}`, {
        code: "name_taken",
        hint: "choose another deployment name",
      });
  }

  const names: DeploymentNames = { name, packageName, ranges: await careRanges(root) };
  const files: FileTree = {
    [`${packageDir}/package.json`]: packageJson(names),
    [`${packageDir}/plug.config.ts`]: plugConfig(names),
    [`${packageDir}/src/plugs.generated.ts`]: plugsGenerated(names),
    [`${packageDir}/src/main.ts`]: main(names),
    [`${packageDir}/test/start.test.ts`]: startTest(names),
    [`${packageDir}/tsconfig.json`]: tsconfig(),
    [`${packageDir}/tsup.config.ts`]: tsupConfig(),
    [`${packageDir}/vitest.config.ts`]: vitestConfig(),
    [`${packageDir}/src/ui.generated.ts`]: uiGenerated(),
    [`${packageDir}/vite.config.ts`]: viteConfig(),
  };
  const written = await writeNewPackage(root, packageDir, files);
  return {
    dir: join(root, packageDir),
    packageName,
    files: written,
    nextSteps: [
      "pnpm install",
      `pnpm --filter ${packageName}... build`,
      `pnpm --filter ${packageName} start`,
      `pnpm care plug add <package> -d ${name}`,
    ],
  };
}

function validDeploymentName(given: string): string {
  if (typeof given === "string" && deploymentNamePattern.test(given)) return given;
  const suggestion = typeof given === "string" ? suggestName(given, "-", 63, deploymentNamePattern) : undefined;
  throw new CareCliError(
    `"${given}" is not a deployment name: use 1-63 lowercase letters, digits or '-', starting with a letter (it names the folder ` +
      `apps/<name> and the package @care-deploy/<name>)`,
    {
      code: "deployment_name_invalid",
      hint: suggestion ? `try: pnpm care deployment new ${suggestion}` : "e.g. pnpm care deployment new district-north",
    },
  );
}
