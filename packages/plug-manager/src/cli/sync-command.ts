import { syncDeployment } from "../sync/sync-deployment.js";
import { allDeployments } from "./all-deployments.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function syncCommand(root: string, deployment: string | undefined, allowSourceChange: string[] = []): Promise<void> {
  const names = deployment ? [deployment] : await allDeployments(root);
  for (const name of names) {
    say(`▸ sync ${name}`);
    await syncDeployment({ root, deployment: name, log: say, allowSourceChange });
  }
}
