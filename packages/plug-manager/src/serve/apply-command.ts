import { resolve } from "node:path";
import { supervisorClient, SupervisorError, type ApplyRecord } from "@care/runtime/supervision";
import { CareCliError } from "../cli-error.js";
import { deploymentExists, deploymentPaths } from "../workspace/deployment-paths.js";
import { siteFiles } from "./site-files.js";
import { cliActor } from "./staging/stage-command.js";

const say = (line: string) => void process.stdout.write(`${line}\n`);
const pollMs = 1_000;

/**
 * `care apply -d <name> [--bundle <tgz>]`: asks the deployment's supervisor (care serve) to apply
 * what is staged, or a bundle built elsewhere, then follows the apply step by step until it ends.
 * Exit 0 when applied; 1 otherwise, with the failed step and what the supervisor said.
 */
export async function applyCommand(root: string, options: { deployment: string; bundle?: string }): Promise<void> {
  const paths = deploymentPaths(root, options.deployment);
  if (!deploymentExists(paths)) {
    throw new CareCliError(`no deployment "${options.deployment}": ${paths.config} does not exist`, {
      code: "deployment_missing",
      hint: "name one of the folders in apps/ with -d <name>",
    });
  }
  const site = siteFiles(root, options.deployment);
  const client = supervisorClient(site.socket);
  const bundle = options.bundle === undefined ? {} : { bundle: resolve(process.env.INIT_CWD ?? process.cwd(), options.bundle) };
  const started = await client.apply(bundle, cliActor()).catch((error: unknown) => {
    throw explained(error, options.deployment);
  });
  say(`apply ${started.id} started by ${started.by}: ${describeWhat(started)}`);
  let record = started;
  let printed = 0;
  let announced = -1;
  for (;;) {
    while (printed < record.steps.length && record.steps[printed]!.status !== "running") say(stepLine(record.steps[printed++]!));
    if (printed < record.steps.length && announced !== printed) {
      announced = printed;
      say(`  ▸ ${record.steps[printed]!.name} …`);
    }
    if (record.result !== "running") break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    record = await client.apply(record.id).catch((error: unknown) => {
      throw explained(error, options.deployment, record.id);
    });
  }
  if (record.result === "applied") {
    say(`applied: ${record.message ?? "the new release serves"}`);
    return;
  }
  throw new CareCliError(
    `apply ${record.id} ${record.result}${record.failedStep ? ` at step ${record.failedStep}` : ""}: ${record.message ?? "no message"}`,
    {
      code: record.result === "failed" ? "apply_failed" : "apply_rolled_back",
      hint: `the journal (${site.journal}) has every step; care changes -d ${options.deployment} lists what is still staged`,
    },
  );
}

function describeWhat(record: ApplyRecord): string {
  if (record.bundle) return `bundle ${record.bundle.file}`;
  return record.changes.map((change) => `${change.kind} ${change.plug}${change.version ? ` ${change.version}` : ""}`).join(", ");
}

function stepLine(step: ApplyRecord["steps"][number]): string {
  const mark = step.status === "ok" ? "✓" : step.status === "skipped" ? "–" : "✗";
  return `  ${mark} ${step.name}${step.detail ? `: ${step.detail}` : ""}`;
}

/** No supervisor answering is said with how to start one; its refusals keep their code and hint. */
function explained(error: unknown, deployment: string, applyId?: string): unknown {
  if (!(error instanceof SupervisorError)) return error;
  if (error.code === "supervisor_unreachable") {
    return new CareCliError(
      applyId
        ? `the supervisor stopped answering during apply ${applyId} (${error.message})`
        : `no care serve answers for deployment ${deployment} (${error.message})`,
      {
        code: "supervisor_not_running",
        hint: applyId
          ? `start it again with pnpm care serve -d ${deployment}: it rolls back an apply it was stopped during, and its journal says so`
          : `start it on this server with: pnpm care serve -d ${deployment}, then apply again`,
      },
    );
  }
  return new CareCliError(error.message, { code: error.code, ...(error.hint && { hint: error.hint }) });
}
