import { dirname, join, resolve } from "node:path";
import { PlugPurgeError, previewPlugPurge, purgePlug, type PlugPurgePreview } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { deploymentPaths } from "../workspace/deployment-paths.js";
import { openDeployment } from "./deployment-runtime.js";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

export interface PurgeOptions {
  deployment: string;
  confirm?: string;
  exportDir?: string;
}

/** `care plug purge <id> -d <deployment> --confirm <id> [--export-dir <folder>]`. */
export async function purgeCommand(root: string, id: string, options: PurgeOptions): Promise<void> {
  const { deployment } = options;
  const exportDir = options.exportDir
    ? resolve(process.env.INIT_CWD ?? process.cwd(), options.exportDir)
    : process.env.CARE_DATA_DIR
      ? join(dirname(resolve(process.env.CARE_DATA_DIR)), "exports")
      : join(deploymentPaths(root, deployment).dir, ".care", deployment, "exports");
  const opened = await openDeployment(root, deployment, "plug purge");
  try {
    const target = { id, deployment, bundled: opened.prepared.plugs.map((plug) => plug.id) };
    const preview = await previewPlugPurge(opened.database, target).catch(explain);
    if (options.confirm !== id) {
      throw new CareCliError(
        `plug purge deletes plug ${id} of deployment ${deployment} for good: ${describe(preview)}. Nothing was changed`,
        {
          code: "confirmation_needed",
          hint:
            `an export of all of it is written to ${exportDir} first; to go ahead, repeat the id: pnpm care plug purge ${id} -d ` +
            `${deployment} --confirm ${id}`,
        },
      );
    }
    const report = await purgePlug(opened.database, { ...target, exportDir }).catch(explain);
    say(
      `exported plug ${id} (${report.version}) to ${report.file} (${report.bytes} bytes), read back and checked: ` +
        `${tableCounts(report.tables)}`,
    );
    say(`purged from ${opened.database.location}: ${describe(report)}`);
    say(`keep the export: it is the only copy of this data now (docs/operations/remove-and-purge.md says how to read it back)`);
  } finally {
    await opened.close();
  }
}

/** "schema plug_lab (results: 3 rows), role plug_lab_1a2b3c4d, 2 registry rows and 4 deliveries". */
function describe(what: PlugPurgePreview): string {
  const role = what.role ? `its role ${what.role}` : "no role (already gone)";
  return (
    `its schema ${what.schema} (${tableCounts(what.tables)}), ${role}, ${what.registryRows} registry rows and ` +
    `${what.deliveries} ${what.deliveries === 1 ? "delivery" : "deliveries"}`
  );
}

function tableCounts(tables: Record<string, number>): string {
  const entries = Object.entries(tables);
  if (entries.length === 0) return "no tables";
  return entries.map(([name, count]) => `${name}: ${count} ${count === 1 ? "row" : "rows"}`).join(", ");
}

function explain(error: unknown): never {
  if (error instanceof PlugPurgeError)
    throw new CareCliError(error.message, { code: error.code, ...(error.hint && { hint: error.hint }), cause: error });
  throw error;
}
