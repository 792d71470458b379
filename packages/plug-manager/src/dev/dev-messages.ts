import { isCareCliError } from "../cli-error.js";

/** A failure as `care dev` prints it: `[code] what`, the code stable for looking it up. */
export function describeDevFailure(error: unknown, fallbackCode: string): string {
  if (isCareCliError(error)) return error.describe();
  const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
  // esbuild's build failure: each error with its file and line (esbuild printed the code frame above).
  if (Array.isArray(errors) && errors.length) {
    const each = errors.map((item) =>
      item.location ? `${item.location.file}:${item.location.line}:${item.location.column}: ${item.text}` : item.text,
    );
    return `[${fallbackCode}] ${each.join("; ")}`;
  }
  return `[${fallbackCode}] ${(error as Error)?.message ?? String(error)}`;
}

/** The runtime's reset command names `<deployment>`; here it is known. */
export function resetHint(startFailure: string, deployment: string): string | undefined {
  const command = /pnpm care plug reset (\S+) -d <deployment> --confirm \S+/.exec(startFailure);
  if (!command) return undefined;
  const id = command[1]!;
  const reset = `pnpm care plug reset ${id} -d ${deployment} --confirm ${id}`;
  return `care dev: reset ${id} on this development database with: ${reset} (then save a file to start again)`;
}

/** After a start that kept the schema an edited install.sql no longer describes. */
export function installChangedHint(plugId: string, deployment: string, dataDir: string): string {
  return (
    `care dev: plug ${plugId}: install.sql changed after this database installed it, and a restart does not run it again. ` +
    `To build its schema afresh: stop care dev, then run \`pnpm care plug reset ${plugId} -d ${deployment} --confirm ${plugId}\` ` +
    `(a schema built from an unreleased install.sql) or delete ${dataDir} (an empty database), and start care dev again`
  );
}

/** Seconds with one decimal, as each cycle's line says them. */
export const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
