import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import type { Actor } from "../actor.js";
import type { CoreDatabase } from "../db/tables.js";
import { CareError, parseInput, type ErrorDetail } from "../errors.js";
import { encodeCursor, pageQuery, toPage, type Page } from "../pagination.js";
import { requireAdmin } from "../permissions.js";

/**
 * What a durable delivery can be: waiting (`pending`), being delivered (`processing`), kept aside
 * while its plug is switched off (`held`), given up on after its tries or because its payload is
 * not valid (`failed`), done (`delivered`), or given up on by an administrator (`discarded`).
 */
export const deliveryStates = ["pending", "processing", "held", "failed", "delivered", "discarded"] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** What `list` shows when no state is asked for: every delivery not settled for good. */
export const unsettledStates: readonly DeliveryState[] = ["pending", "processing", "held", "failed"];

/** States a discard may leave: a delivery not being delivered right now and not settled. */
const discardable: readonly DeliveryState[] = ["pending", "held", "failed"];

export interface DeliveryAction {
  /** An administrator's retry or discard, or the system's hold and release around a switched-off plug. */
  action: "retry" | "discard" | "hold" | "release";
  /** A user's username, or `cli:<os user>` for the `care` command line. */
  actor: string;
  reason: string | null;
  at: string;
}

export interface Delivery {
  id: string;
  eventId: string;
  signal: string;
  /** The plug it is for (for the core's own durable subscribers, their subscriber name). */
  plug: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** The last retry or discard an administrator made, if any. */
  lastAction: DeliveryAction | null;
}

export interface DeliveryActionResult {
  /** The deliveries acted on, as they are now. */
  items: Delivery[];
}

const name = z.string().trim().min(1).max(200);
/** `state=failed,held`, `state=failed&state=held` (an array), or the CLI's list. */
const stateList = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)
      : value,
  z.array(z.enum(deliveryStates, { error: `one of ${deliveryStates.join(", ")}` })).min(1),
);

export const deliveryListSchema = z.strictObject({
  ...pageQuery.shape,
  plug: name.optional(),
  signal: name.optional(),
  state: stateList.optional(),
});
export type DeliveryFilter = z.input<typeof deliveryListSchema>;

const deliveryId = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.string().regex(/^[1-9][0-9]{0,18}$/, "a delivery id: a whole number, as listed"));
const ids = z
  .array(deliveryId)
  .min(1, "name at least one delivery")
  .max(1000, "at most 1000 deliveries at once")
  .refine((list) => new Set(list).size === list.length, "lists a delivery twice");
const reason = z.string().trim().min(1, "say why").max(1000);

export const deliveryRetrySchema = z.union(
  [
    z.strictObject({ ids, reason: reason.optional() }),
    z.strictObject({ failed: z.literal(true), plug: name.optional(), signal: name.optional(), reason: reason.optional() }),
  ],
  { error: "give either ids (the deliveries to retry) or failed: true (every failed delivery, optionally of one plug or signal)" },
);
export type DeliveryRetry = z.input<typeof deliveryRetrySchema>;

export const deliveryDiscardSchema = z.strictObject({ ids, reason });
export type DeliveryDiscard = z.input<typeof deliveryDiscardSchema>;

interface DeliveryRow {
  id: string;
  event_id: string;
  signal: string;
  subscriber: string;
  status: DeliveryState;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  delivered_at: Date | string | null;
  action: DeliveryAction["action"] | null;
  action_actor: string | null;
  action_reason: string | null;
  action_at: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  eventId: row.event_id,
  signal: row.signal,
  plug: row.subscriber,
  state: row.status,
  attempts: Number(row.attempts),
  nextAttemptAt: iso(row.next_attempt_at),
  lastError: row.last_error,
  createdAt: iso(row.created_at),
  deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
  lastAction:
    row.action === null ? null : { action: row.action, actor: row.action_actor!, reason: row.action_reason, at: iso(row.action_at!) },
});

/** Who acted, as the journal records it: a username, or a system actor's name (`cli:<os user>`). */
export const actorName = (actor: Actor): string => (actor.kind === "user" ? actor.username : actor.name);

/**
 * Durable deliveries in an administrator's hands: list them, retry failed ones, discard those that
 * should never be delivered. Every retry and discard is journalled with who and why in
 * `care_system.delivery_actions`; a discarded row stays in the outbox as evidence. Acting on many
 * is all or nothing: an unknown id or one in the wrong state changes nothing.
 */
export class DeliveryService {
  constructor(
    private readonly db: Kysely<CoreDatabase>,
    /** Tells this process's dispatcher that rows are due now. */
    private readonly wake: () => void = () => {},
  ) {}

  async list(actor: Actor, query: DeliveryFilter = {}): Promise<Page<Delivery>> {
    requireAdmin(actor, "list deliveries");
    const filter = parseInput(deliveryListSchema, query, "delivery filter");
    const after = filter.cursor === undefined ? undefined : decodeDeliveryCursor(filter.cursor);
    const states = filter.state ?? unsettledStates;
    const { rows } = await sql<DeliveryRow>`${selectDeliveries()}
       where o.status = any(${[...new Set(states)]}::text[])
         ${filter.plug === undefined ? sql`` : sql`and o.subscriber = ${filter.plug}`}
         ${filter.signal === undefined ? sql`` : sql`and o.signal = ${filter.signal}`}
         ${after === undefined ? sql`` : sql`and o.id > ${after}::bigint`}
       order by o.id
       limit ${filter.limit + 1}`.execute(this.db);
    return toPage(rows, filter.limit, toDelivery);
  }

  /** Failed deliveries back to pending, their tries counted afresh and due now. */
  async retry(actor: Actor, input: DeliveryRetry): Promise<DeliveryActionResult> {
    requireAdmin(actor, "retry deliveries");
    const data = parseInput(deliveryRetrySchema, input, "delivery retry");
    const result = await this.db.transaction().execute(async (tx) => {
      const chosen =
        "ids" in data
          ? await this.lockExactly(tx, data.ids, ["failed"], "retry")
          : await this.lockWhere(tx, "failed", data.plug, data.signal);
      if (chosen.length === 0) return [];
      await sql`
        update care_system.outbox
           set status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = null
         where id = any(${chosen}::bigint[]) and status = 'failed'`.execute(tx);
      await journal(tx, chosen, "retry", "failed", actorName(actor), data.reason ?? null);
      return this.fetch(tx, chosen);
    });
    if (result.length > 0) this.wake();
    return { items: result };
  }

  /** Deliveries that must never be delivered: kept as `discarded`, with who and why. */
  async discard(actor: Actor, input: DeliveryDiscard): Promise<DeliveryActionResult> {
    requireAdmin(actor, "discard deliveries");
    const data = parseInput(deliveryDiscardSchema, input, "delivery discard");
    const items = await this.db.transaction().execute(async (tx) => {
      const locked = await this.lockExactly(tx, data.ids, discardable, "discard");
      const { rows } = await sql<{ id: string; status: string }>`
        select id::text as id, status from care_system.outbox where id = any(${locked}::bigint[]) order by id`.execute(tx);
      await sql`
        update care_system.outbox set status = 'discarded', lease_until = null
         where id = any(${locked}::bigint[])`.execute(tx);
      await sql`
        insert into care_system.delivery_actions (delivery_id, action, from_status, actor, reason)
        select d.id, 'discard', d.status, ${actorName(actor)}, ${data.reason}
          from unnest(${rows.map((row) => row.id)}::bigint[], ${rows.map((row) => row.status)}::text[]) with ordinality as d(id, status, n)
         order by d.n`.execute(tx);
      return this.fetch(tx, locked);
    });
    return { items };
  }

  /**
   * Locks the rows of `wanted`, all of which must exist and be in one of `states`; otherwise
   * throws naming every offending id (by its place in the list), having changed nothing.
   */
  private async lockExactly(
    tx: Transaction<CoreDatabase>,
    wanted: readonly string[],
    states: readonly DeliveryState[],
    action: string,
  ): Promise<string[]> {
    const { rows } = await sql<{ id: string; status: DeliveryState }>`
      select id::text as id, status from care_system.outbox where id = any(${wanted}::bigint[]) order by id for update`.execute(tx);
    const found = new Map(rows.map((row) => [row.id, row.status]));
    const missing: ErrorDetail[] = [];
    const wrong: ErrorDetail[] = [];
    wanted.forEach((id, index) => {
      const status = found.get(id);
      if (status === undefined) missing.push({ path: `ids.${index}`, message: `no delivery ${id}` });
      else if (!states.includes(status))
        wrong.push({ path: `ids.${index}`, message: `delivery ${id} is ${status}: ${whyNot(action, status)}` });
    });
    if (missing.length > 0) {
      throw new CareError(
        "not_found",
        `${describe(wanted.filter((id) => found.get(id) === undefined))} not found; nothing was changed. ` +
          "List them with GET /api/v1/deliveries or `care deliveries`",
        missing,
      );
    }
    if (wrong.length > 0) {
      throw new CareError(
        "illegal_transition",
        `only ${states.join(", ")} deliveries can be ${action === "retry" ? "retried" : "discarded"}; ` +
          `nothing was changed: ${wrong.map((detail) => detail.message).join("; ")}`,
        wrong,
      );
    }
    return wanted.slice();
  }

  private async lockWhere(
    tx: Transaction<CoreDatabase>,
    status: DeliveryState,
    plug: string | undefined,
    signal: string | undefined,
  ): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      select id::text as id from care_system.outbox
       where status = ${status}
         ${plug === undefined ? sql`` : sql`and subscriber = ${plug}`}
         ${signal === undefined ? sql`` : sql`and signal = ${signal}`}
       order by id for update`.execute(tx);
    return rows.map((row) => row.id);
  }

  private async fetch(tx: Transaction<CoreDatabase>, chosen: readonly string[]): Promise<Delivery[]> {
    const { rows } = await sql<DeliveryRow>`${selectDeliveries()} where o.id = any(${chosen}::bigint[]) order by o.id`.execute(tx);
    return rows.map(toDelivery);
  }
}

function selectDeliveries() {
  return sql`
    select o.id::text as id, o.event_id::text as event_id, o.signal, o.subscriber, o.status, o.attempts, o.next_attempt_at,
           o.last_error, o.created_at, o.delivered_at,
           a.action, a.actor as action_actor, a.reason as action_reason, a.at as action_at
      from care_system.outbox o
      left join lateral (
        select action, actor, reason, at from care_system.delivery_actions
         where delivery_id = o.id order by id desc limit 1) a on true`;
}

async function journal(
  tx: Transaction<CoreDatabase>,
  chosen: readonly string[],
  action: "retry" | "discard",
  fromStatus: string,
  actor: string,
  why: string | null,
) {
  await sql`
    insert into care_system.delivery_actions (delivery_id, action, from_status, actor, reason)
    select id, ${action}, ${fromStatus}, ${actor}, ${why} from unnest(${chosen}::bigint[]) with ordinality as d(id, n) order by n`.execute(
    tx,
  );
}

function whyNot(action: string, status: DeliveryState): string {
  if (status === "processing") return "it is being delivered right now; try again once it settles";
  if (status === "delivered") return "it was delivered already";
  if (status === "discarded") return "it was discarded";
  if (status === "pending" && action === "retry") return "it is waiting for its next try already";
  if (status === "held" && action === "retry") return "its plug is switched off; it is delivered when the plug is switched on again";
  return `it cannot be ${action === "retry" ? "retried" : "discarded"}`;
}

function describe(names: readonly string[]): string {
  return names.length === 1 ? `delivery ${names[0]} was` : `deliveries ${names.join(", ")} were`;
}

/** Outbox ids are whole numbers, not UUIDs: the same opaque cursor, holding the last id seen. */
function decodeDeliveryCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[1-9][0-9]{0,18}$/.test(id) || encodeCursor(id) !== cursor) {
    throw new CareError("validation_failed", "invalid cursor: pass nextCursor from the previous page unchanged", [
      { path: "cursor", message: "not a cursor this server issued" },
    ]);
  }
  return id;
}
