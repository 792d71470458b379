import { bundleDeployment } from "../../bundler/bundle-deployment.js";
import { failureResult, printTaskResult } from "../node-task.js";
import { applyChanges, type BuildChange } from "./apply-changes.js";

/**
 * The build step of an apply, in a process of its own (`care serve` starts it): makes the staged
 * changes in the deployment's repository, offline, then bundles the deployment as `care bundle`
 * does. Plug code that a sync or a check loads runs here, never in the long-lived supervisor.
 */
interface BuildRequest {
  root: string;
  deployment: string;
  changes: BuildChange[];
}

const say = (line: string) => void process.stdout.write(`${line}\n`);

try {
  const request = JSON.parse(process.env.CARE_BUILD_REQUEST ?? "") as BuildRequest;
  await applyChanges(request.root, request.deployment, request.changes, say);
  const bundle = await bundleDeployment(request.root, request.deployment, say, { build: true });
  printTaskResult({ ok: true, folder: bundle.folder, archive: bundle.archive });
  process.exit(0);
} catch (error) {
  printTaskResult(failureResult(error));
  process.exit(1);
}
