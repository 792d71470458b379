import type { Actor, CoreSignalName, DeliveryMode, SignalPayload } from "@care/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { z } from "zod";
import type { ActingCore } from "./session/acting-core.js";

/** The parts of a plug's package.json the runtime reads: identity, the care.plug block, display fields. */
export interface PlugPackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  author?: unknown;
  repository?: unknown;
  homepage?: string;
  care?: { plug?: unknown };
}

/** The core's services, as a plug calls them: each call acts as the context's actor (session/acting-core.ts). */
export type CoreServices = ActingCore;

export type OwnSignals = Record<string, z.ZodType>;

/**
 * What a plug's code receives: its config, its own tables, the core, a logger, its signals. It acts
 * for the signed-in caller of a route, and for nobody elsewhere: `asPlug()` says so when it must act
 * as the plug itself.
 */
export interface PlugContext<Config = unknown, Emits extends OwnSignals = OwnSignals> {
  id: string;
  version: string;
  config: Readonly<Config>;
  /**
   * Kysely on the plug's own schema `plug_<id>`; every statement runs as the plug's database role,
   * inside the current write (context.transaction, an in-transaction handler) when there is one.
   */
  db: Kysely<any>;
  /** The core, acting as `actor`: with its facility scoping; refused when `actor` is null. */
  core: CoreServices;
  /** Who the context acts for: a route's signed-in caller; null on a public route, in handlers and hooks. */
  actor: Actor | null;
  logger: Logger;
  /** Emits one of the plug's own signals (named `<id>.<name>` for subscribers), inside the current write if any. */
  emit<Name extends keyof Emits & string>(name: Name, payload: z.input<Emits[Name]>): Promise<void>;
  /** Runs `work` in one transaction with the core calls and signals it makes (joining the current one). */
  transaction<T>(work: (db: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * The same context acting as the plug itself (a system actor that sees every facility): for work no
   * caller asked for, such as a durable handler reading the patient it messages. Never for a caller.
   */
  asPlug(): PlugContext<Config, Emits>;
}

/** A handler also learns which delivery this is. */
export interface SignalHandlerContext<Config, Emits extends OwnSignals> extends PlugContext<Config, Emits> {
  eventId: string;
  attempt: number;
}

export interface SignalSubscription<Payload, Config, Emits extends OwnSignals> {
  mode: DeliveryMode;
  /**
   * Durable only: the plug's deliveries in flight at once per instance, shared by all its durable
   * subscriptions (the smallest any of them gives); 1 delivers one at a time, in outbox order.
   * Default: the deployment's (16, or CARE_DELIVERY_CONCURRENCY).
   */
  concurrency?: number;
  handle(payload: Payload, context: SignalHandlerContext<Config, Emits>): unknown;
}

export type CoreSignalHandlers<Config, Emits extends OwnSignals> = {
  [Name in CoreSignalName]?: SignalSubscription<SignalPayload<Name>, Config, Emits>;
};

/** A request to a plug route; `actor` is the signed-in caller (null on a public route). */
export type PlugRequest = FastifyRequest & { actor: Actor };

export type RouteHandler<Config, Emits extends OwnSignals> = (
  request: PlugRequest,
  reply: FastifyReply,
  context: PlugContext<Config, Emits>,
) => unknown;

/**
 * A route is authenticated like the core's unless it is public; a public route says why, and how it
 * checks its caller instead (a webhook's signature, say): `authenticate` returning false answers 401.
 */
export interface RouteOptions<Config, Emits extends OwnSignals> {
  public?: {
    reason: string;
    authenticate(request: FastifyRequest, context: PlugContext<Config, Emits>): boolean | Promise<boolean>;
  };
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface PlugRoute<Config, Emits extends OwnSignals> {
  method: HttpMethod;
  path: string;
  handler: RouteHandler<Config, Emits>;
  options?: RouteOptions<Config, Emits>;
}

/**
 * A TypeScript upgrade step, run after the SQL file of the same step (if any), in its transaction, as
 * the plug's role: each statement it sends is held to the migration policy, as the SQL file is.
 */
export type UpgradeStep<Config> = (db: Kysely<any>, context: { id: string; config: Readonly<Config>; logger: Logger }) => Promise<void>;

export interface InstallHookContext {
  /** The installed package's folder. */
  packageDir: string;
  logger: Logger;
}

export interface PlugHooks<Config, Emits extends OwnSignals> {
  /** At build time, after the package is installed (downloads, generated files). */
  install?(context: InstallHookContext): Promise<void> | void;
  /** Before the deployment serves. */
  start?(context: PlugContext<Config, Emits>): Promise<void> | void;
  /** At shutdown, in reverse start order. */
  stop?(context: PlugContext<Config, Emits>): Promise<void> | void;
}

export interface PlugDefinitionInput<ConfigSchema extends z.ZodType, Emits extends OwnSignals> {
  /** The plug's package.json (import it with `with { type: "json" }`): id, version, core range, dependencies. */
  package: PlugPackageJson;
  /** Settings with defaults; mark secrets with `secret(...)`. */
  config?: ConfigSchema;
  /** The folder with `install.sql` and `upgrade/<from>_<to>.sql`, e.g. `new URL("../migrations/", import.meta.url)`. */
  migrations?: URL | string;
  /** TypeScript upgrade steps by name (`<from>_<to>`), for data changes SQL cannot express. */
  upgrades?: Record<string, UpgradeStep<z.output<ConfigSchema>>>;
  /** The plug's own signals, by short name; others subscribe to `<id>.<name>`. */
  emits?: Emits;
  /** Handlers for the core's signals. */
  on?: CoreSignalHandlers<z.output<ConfigSchema>, Emits>;
  /** Handlers for signals of plugs this one depends on, by full name (`lab.result_recorded`). */
  onPlugSignals?: Record<string, SignalSubscription<unknown, z.output<ConfigSchema>, Emits>>;
  routes?: PlugRoute<z.output<ConfigSchema>, Emits>[];
  hooks?: PlugHooks<z.output<ConfigSchema>, Emits>;
  /**
   * Whether the plug can do its work now (its SMS provider answers, say): `/health/ready` reports the
   * result with its reason. Return `{ ok: false, reason }` or throw when it cannot; it must answer
   * within 1.5 s. A failing plug degrades readiness, and fails it only when the deployment's
   * plug.config.ts marks the plug `required`.
   */
  health?(context: PlugContext<z.output<ConfigSchema>, Emits>): Promise<PlugHealthAnswer> | PlugHealthAnswer;
}

/** What a plug's `health()` answers; nothing (undefined) means healthy. */
export type PlugHealthAnswer = { ok: boolean; reason?: string } | undefined | void;

export interface PlugDefinition<ConfigSchema extends z.ZodType = z.ZodType, Emits extends OwnSignals = OwnSignals>
  extends PlugDefinitionInput<ConfigSchema, Emits> {
  readonly kind: "care-plug";
}

export type AnyPlugDefinition = PlugDefinition<z.ZodType, OwnSignals>;
