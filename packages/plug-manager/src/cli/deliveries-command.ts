import { userInfo } from "node:os";
import {
  actorName,
  appliedCoreMigrations,
  CareError,
  DeliveryService,
  pendingCoreMigrations,
  systemActor,
  type Actor,
  type CareDatabase,
  type Delivery,
  type DeliveryAction,
} from "@care/core";
import { careCodeOf } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { openDeployment } from "./deployment-runtime.js";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

export interface DeliveriesListOptions {
  deployment: string;
  plug?: string;
  signal?: string;
  state?: string;
  limit?: number;
  json?: boolean;
}

export interface DeliveriesRetryOptions {
  deployment: string;
  failed?: boolean;
  plug?: string;
  signal?: string;
  reason?: string;
  json?: boolean;
}

export interface DeliveriesDiscardOptions {
  deployment: string;
  reason?: string;
  json?: boolean;
}

/** The person at the keyboard, as the journal records them. */
export function cliActor(): Actor {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    // A container user with no passwd entry.
  }
  return systemActor(`cli:${user || process.env.USER || process.env.LOGNAME || `uid-${process.getuid?.() ?? "unknown"}`}`);
}

export async function listDeliveriesCommand(root: string, options: DeliveriesListOptions): Promise<void> {
  await withDeliveries(root, options.deployment, async (service) => {
    const limit = options.limit ?? 500;
    const items: Delivery[] = [];
    let cursor: string | undefined;
    let more = false;
    do {
      const page = await service.list(cliActor(), {
        ...(options.plug !== undefined && { plug: options.plug }),
        ...(options.signal !== undefined && { signal: options.signal }),
        ...(options.state !== undefined && { state: options.state }),
        limit: Math.min(200, limit - items.length),
        ...(cursor !== undefined && { cursor }),
      });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
    } while (cursor !== undefined && items.length < limit);
    if (options.json) return say(JSON.stringify({ items, more }, null, 2));
    if (items.length === 0) return say(`no deliveries ${describeFilter(options)}`);
    for (const line of table(items)) say(line);
    say(`${items.length} ${items.length === 1 ? "delivery" : "deliveries"} ${describeFilter(options)}`);
    if (more) say(`more not shown: narrow with --plug, --signal or --state, or raise --limit`);
    if (items.some((item) => item.state === "failed")) {
      say(
        `retry: pnpm care deliveries retry -d ${options.deployment} <id...> (or --failed); discard: pnpm care deliveries discard -d ` +
          `${options.deployment} <id...> --reason "..."`,
      );
    }
  });
}

export async function retryDeliveriesCommand(root: string, ids: string[], options: DeliveriesRetryOptions): Promise<void> {
  if (ids.length > 0 && options.failed)
    throw new CareCliError("give either delivery ids or --failed, not both; nothing was changed", { code: "invalid_arguments" });
  if (ids.length === 0 && !options.failed) {
    throw new CareCliError("name the deliveries to retry; nothing was changed", {
      code: "invalid_arguments",
      hint:
        `pnpm care deliveries retry -d ${options.deployment} <id...>, or --failed for every failed one (list them: pnpm care ` +
        `deliveries -d ${options.deployment} --state failed)`,
    });
  }
  if (ids.length > 0 && (options.plug !== undefined || options.signal !== undefined)) {
    throw new CareCliError("--plug and --signal narrow --failed; with ids, the ids say which. Nothing was changed", {
      code: "invalid_arguments",
    });
  }
  await withDeliveries(root, options.deployment, async (service) => {
    const input = options.failed
      ? {
          failed: true as const,
          ...(options.plug !== undefined && { plug: options.plug }),
          ...(options.signal !== undefined && { signal: options.signal }),
        }
      : { ids };
    const result = await service.retry(cliActor(), { ...input, ...(options.reason !== undefined && { reason: options.reason }) });
    if (options.json) return say(JSON.stringify(result, null, 2));
    if (result.items.length === 0) return say("no failed deliveries to retry; nothing was changed");
    say(
      `retried ${result.items.length} ${result.items.length === 1 ? "delivery" : "deliveries"} (now pending, due at once): ` +
        `${result.items.map((item) => item.id).join(", ")}`,
    );
    say(`the deployment delivers them as it runs: a running instance within its poll interval, otherwise at its next start`);
  });
}

export async function discardDeliveriesCommand(root: string, ids: string[], options: DeliveriesDiscardOptions): Promise<void> {
  if (options.reason === undefined || options.reason.trim() === "") {
    throw new CareCliError("say why the deliveries are discarded; nothing was changed", {
      code: "invalid_arguments",
      hint: `pnpm care deliveries discard -d ${options.deployment} ${ids.join(" ")} --reason "<why they must never be delivered>"`,
    });
  }
  await withDeliveries(root, options.deployment, async (service) => {
    const result = await service.discard(cliActor(), { ids, reason: options.reason! });
    if (options.json) return say(JSON.stringify(result, null, 2));
    say(
      `discarded ${result.items.length} ${result.items.length === 1 ? "delivery" : "deliveries"}: ` +
        `${result.items.map((item) => item.id).join(", ")}`,
    );
    say(`kept as discarded, never delivered nor retried; recorded as ${actorName(cliActor())}: ${options.reason!.trim()}`);
  });
}

/** Opens the deployment, checks its database has the journal, and says a service refusal as a sentence. */
async function withDeliveries(root: string, deployment: string, work: (service: DeliveryService) => Promise<void>): Promise<void> {
  const opened = await openDeployment(root, deployment, "deliveries");
  try {
    await requireMigrated(opened.database, deployment);
    await work(new DeliveryService(opened.database.db)).catch((error: unknown) => {
      if (error instanceof CareError) {
        const details =
          error.details.length > 1 ? `\n${error.details.map((detail) => `  ${detail.path}: ${detail.message}`).join("\n")}` : "";
        throw new CareCliError(`${error.message}${details}`, { code: error.code, cause: error });
      }
      throw error;
    });
  } finally {
    await opened.close();
  }
}

async function requireMigrated(database: CareDatabase, deployment: string): Promise<void> {
  let pending: string[];
  try {
    pending = pendingCoreMigrations(await appliedCoreMigrations(database.db)).map(([name]) => name);
  } catch (error) {
    throw new CareCliError((error as Error).message, { code: careCodeOf(error) ?? "database_unreadable", cause: error });
  }
  if (pending.length > 0) {
    throw new CareCliError(
      `the database of deployment ${deployment} (${database.location}) is not migrated to this version of Care: core migrations ` +
        `${pending.join(", ")} have not run`,
      { code: "database_not_migrated", hint: `run \`pnpm care migrate -d ${deployment}\` (or start the deployment) first` },
    );
  }
}

function describeFilter(options: DeliveriesListOptions): string {
  const parts = [
    options.state ? `in state ${options.state}` : "pending, processing, held or failed",
    options.plug ? `for plug ${options.plug}` : "",
    options.signal ? `of signal ${options.signal}` : "",
  ];
  return parts.filter(Boolean).join(" ");
}

/** A fixed-width table: id, plug, signal, state, tries, when, and the last error or action. */
function table(items: readonly Delivery[]): string[] {
  const rows = items.map((item) => [
    item.id,
    item.plug,
    item.signal,
    item.state,
    String(item.attempts),
    shortTime(
      item.state === "delivered" && item.deliveredAt ? item.deliveredAt : item.state === "pending" ? item.nextAttemptAt : item.createdAt,
    ),
    note(item),
  ]);
  const header = ["ID", "PLUG", "SIGNAL", "STATE", "TRIES", "WHEN (UTC)", "LAST ERROR / ACTION"];
  const widths = header.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column]!) : cell))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const done: Record<DeliveryAction["action"], string> = { retry: "retried", discard: "discarded", hold: "held", release: "released" };

function note(item: Delivery): string {
  const action = item.lastAction;
  const acted = action ? `${done[action.action]} by ${action.actor}${action.reason ? `: ${action.reason}` : ""}` : "";
  const error = item.lastError ? oneLine(item.lastError, 80) : "";
  if (item.state === "discarded") return acted;
  return [error, acted].filter(Boolean).join(" · ");
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const shortTime = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, "");
