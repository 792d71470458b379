import { createInterface } from "node:readline/promises";
import { CareCliError } from "../cli-error.js";

/**
 * Asks on a terminal (y/N); elsewhere (a script, CI) only `--yes` confirms, so that nothing is
 * added that nobody reviewed. A refusal or a "no" throws, before anything was changed.
 */
export async function confirmOrRefuse(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CareCliError(`${question} needs a confirmation, and this is not a terminal; nothing was changed`, {
      code: "confirmation_needed",
      hint: "read the review above, then run the same command again with --yes",
    });
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`${question}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CareCliError("not confirmed; nothing was changed", { code: "not_confirmed" });
  } finally {
    prompt.close();
  }
}
