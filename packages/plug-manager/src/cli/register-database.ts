import type { Command } from "commander";
import type { DeliveriesDiscardOptions, DeliveriesListOptions, DeliveriesRetryOptions } from "./deliveries-command.js";
import { parseLimit } from "./option-parsers.js";
import type { WorkspaceRoot } from "./program.js";

/**
 * The states of a durable delivery, for --help without loading @care/core (its deliveryStates;
 * a test keeps the two equal).
 */
export const deliveryStateNames = ["pending", "processing", "held", "failed", "delivered", "discarded"] as const;

/** `care migrate`, `backup`, `restore`, `status` and `deliveries`: commands on a deployment's database. */
export function registerDatabaseCommands(program: Command, root: WorkspaceRoot): void {
  program
    .command("migrate")
    .description(
      "apply the core's and the plugs' migrations to the deployment's database (backing it up first when something is pending), and " +
        "print what ran",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--plan", "only list what would run, core first, then each plug in start order; changes nothing")
    .option(
      "--rehearse",
      "run the whole migration in one transaction and roll it back: each step's time, and the first failure with its plug, file and line",
    )
    .action(async (options: { deployment: string; plan?: boolean; rehearse?: boolean }) =>
      (await import("./migrate-command.js")).migrateCommand(root(), options.deployment, options),
    );
  program
    .command("backup")
    .description(
      "back up the deployment's database (PGlite: its data folder; a server: pg_dump) into its backup folder; kept until you remove it",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .action(async (options: { deployment: string }) => (await import("./backup-command.js")).backupCommand(root(), options.deployment));
  program
    .command("restore")
    .argument("<file>", "a backup care backup (or a start before migrating) wrote, with its .json beside it")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option(
      "--without-backup",
      "do not back up what the restore replaces first (otherwise a restore that cannot take that backup is refused)",
    )
    .description(
      "replace the deployment's database with a backup, all or nothing, backing up what it replaces first; refused while the " +
        "deployment runs, " +
        "and for a newer bundle's backup",
    )
    .action(async (file: string, options: { deployment: string; withoutBackup?: boolean }) =>
      (await import("./backup-command.js")).restoreCommand(root(), options.deployment, file, options),
    );
  program
    .command("status")
    .description(
      "installed against bundled plug versions, the steps a migrate would run, switched-off and detached plugs, and each plug's own " +
        "check " +
        "as the running deployment reports it",
    )
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--url <url>", "where the running deployment answers (default: http://HOST:PORT from the environment, as it starts)")
    .option("--json", "print one JSON document on stdout instead of lines (its shape is below)")
    .addHelpText("after", statusJsonHelp)
    .action(async (options: { deployment: string; url?: string; json?: boolean }) =>
      (await import("./status-command.js")).statusCommand(root(), options.deployment, options.url, { json: options.json }),
    );
  registerDeliveries(program, root);
}

/**
 * `care deliveries` (list), `care deliveries retry` and `care deliveries discard`, on the
 * deployment's database as `care status` opens it. What they do is journalled as `cli:<os user>`.
 */
function registerDeliveries(program: Command, root: WorkspaceRoot): void {
  const deliveries = program
    .command("deliveries")
    .description("durable deliveries that wait, are held or failed: list them, retry failed ones, discard those never to deliver");
  deliveries
    .command("list", { isDefault: true })
    .description(`list deliveries (by default every one not settled for good: pending, processing, held, failed)`)
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--plug <id>", "only this plug's deliveries")
    .option("--signal <name>", "only deliveries of this signal, e.g. encounter.closed")
    .option("--state <states>", `only these states, comma-separated: ${deliveryStateNames.join(", ")}`)
    .option("--limit <n>", "show at most this many (default 500)", parseLimit)
    .option("--json", "print JSON for scripts: {items, more}")
    .action(async (options: DeliveriesListOptions) => (await import("./deliveries-command.js")).listDeliveriesCommand(root(), options));
  deliveries
    .command("retry")
    .argument("[ids...]", "the ids of failed deliveries, as `care deliveries` lists them")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--failed", "every failed delivery (narrow it with --plug and --signal)")
    .option("--plug <id>", "with --failed: only this plug's")
    .option("--signal <name>", "with --failed: only this signal's")
    .option("--reason <text>", "why, for the journal")
    .option("--json", "print JSON for scripts: {items}")
    .description("put failed deliveries back to pending, their tries counted afresh and due at once; recorded with who and why")
    .action(async (ids: string[], options: DeliveriesRetryOptions) =>
      (await import("./deliveries-command.js")).retryDeliveriesCommand(root(), ids, options),
    );
  deliveries
    .command("discard")
    .argument("<ids...>", "the ids of pending, held or failed deliveries")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .option("--reason <text>", "why they must never be delivered (required; kept with who discarded them)")
    .option("--json", "print JSON for scripts: {items}")
    .description("give up on deliveries for good: never delivered nor retried, kept as discarded with who and why")
    .action(async (ids: string[], options: DeliveriesDiscardOptions) =>
      (await import("./deliveries-command.js")).discardDeliveriesCommand(root(), ids, options),
    );
}

const statusJsonHelp = `
With --json, stdout holds one JSON document:
  {
    "deployment": string,
    "database": { "location": string } | { "location": string, "heldBy": string },   heldBy: a running deployment holds it
    "plugs": [{ "id": string, "package": string, "installed": string | null, "bundled": string,
                "disabled": boolean, "development": boolean, "pending": string[] }],           [] while the database is held
    "detached": [{ "id": string, "version": string | null }],
    "running": { "url": string, "answer": object } | { "url": string, "unreachable": string }   its /health/ready answer
  }`;
