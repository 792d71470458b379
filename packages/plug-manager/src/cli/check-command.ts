import { checkDeployment } from "../check/check-deployment.js";
import { CareCliError, isCareCliError } from "../cli-error.js";
import { allDeployments } from "./all-deployments.js";
import { describeCheckEntry, toCheckEntry, type DeploymentCheckResult } from "./check-result.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `care check [-d <deployment>] [--json] [--no-cache]`: every deployment's problems and notes, as
 * lines or as one JSON document (shape in the command's --help). Exits 1 when there is a problem,
 * either way. `--no-cache` checks everything afresh, reading and keeping no results (the table types
 * generated from install.sql, cached by their own content, excepted).
 */
export async function checkCommand(
  root: string,
  deployment: string | undefined,
  options: { json?: boolean; cache?: boolean } = {},
): Promise<void> {
  const names = deployment ? [deployment] : await allDeployments(root);
  const results: DeploymentCheckResult[] = [];
  for (const name of names) {
    if (!options.json) say(`▸ check ${name}`);
    const result = await checkOne(root, name, options.json === true, options.cache !== false);
    results.push(result);
    if (options.json) continue;
    for (const note of result.notes) say(`  note: ${indent(describeCheckEntry(note))} (not checked: this environment does not set it)`);
    for (const problem of result.problems) say(`  ✗ ${indent(describeCheckEntry(problem))}`);
    if (result.ok) say("  ✓ no problems");
  }
  if (options.json) say(JSON.stringify({ ok: results.every((result) => result.ok), deployments: results }, null, 2));
  const failed = results.reduce((sum, result) => sum + result.problems.length, 0);
  if (failed)
    throw new CareCliError(`${failed} problem(s) found`, { code: "check_failed", hint: "fix them and run pnpm care check again" });
}

/** One deployment; with --json a coded refusal of the whole deployment (e.g. no such deployment) is its problem. */
async function checkOne(root: string, name: string, json: boolean, cache: boolean): Promise<DeploymentCheckResult> {
  try {
    const report = await checkDeployment(root, name, process.env, { cache });
    const problems = report.problems.map(toCheckEntry);
    return { deployment: name, ok: problems.length === 0, problems, notes: report.notes.map(toCheckEntry) };
  } catch (error) {
    if (!json || !isCareCliError(error) || !error.code) throw error;
    return {
      deployment: name,
      ok: false,
      problems: [{ code: error.code, plug: null, message: error.message, hint: error.hint ?? null }],
      notes: [],
    };
  }
}

const indent = (text: string) => text.replace(/\n/g, "\n    ");
