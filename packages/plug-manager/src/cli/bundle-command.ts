import { bundleDeployment } from "../bundler/bundle-deployment.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function bundleCommand(root: string, deployment: string, build: boolean): Promise<void> {
  await bundleDeployment(root, deployment, say, { build });
}
