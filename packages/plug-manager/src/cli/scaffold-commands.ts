import { resolve } from "node:path";
import { initWorkspace, scaffoldDeployment, scaffoldPlug, type ScaffoldResult } from "../scaffold/index.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

function reportScaffold(result: ScaffoldResult): void {
  say(`created ${result.dir} (${result.packageName}): ${result.files.length} files`);
  say("next:");
  for (const step of result.nextSteps) say(`  ${step}`);
}

export async function initCommand(dir: string, registry: string | undefined): Promise<void> {
  reportScaffold(await initWorkspace({ dir: resolve(process.env.INIT_CWD ?? process.cwd(), dir), registry }));
}

export async function newDeploymentCommand(root: string, name: string): Promise<void> {
  reportScaffold(await scaffoldDeployment({ root, name }));
}

export async function newPlugCommand(root: string, id: string): Promise<void> {
  reportScaffold(await scaffoldPlug({ root, id }));
}
