import type { Actor, SystemActor } from "../domain/actor.js";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { z } from "zod";
import type { CoreServices } from "../services/core-services.js";
import type { ConfigOf, PlugShape } from "../definition/plug-shape.js";

/**
 * What a plug's code receives: its config, its own tables, the core, a logger, its signals. It acts
 * for `actor`, typed for each place: the signed-in caller on an authenticated route (`Actor`); the
 * plug itself in `start`/`stop` hooks (`SystemActor`, `plug:<id>`); nobody (`null`) on a public
 * route, in signal handlers and in `health()`. `asPlug()` acts as the plug itself, where it must.
 */
export interface PlugContext<S extends PlugShape = PlugShape, A extends Actor | null = Actor | null> {
  id: string;
  version: string;
  config: Readonly<ConfigOf<S>>;
  /**
   * Kysely on the plug's own schema `plug_<id>`, typed by its tables; every statement runs as the
   * plug's database role, inside the current write (context.transaction, an in-transaction handler)
   * when there is one.
   */
  db: Kysely<S["tables"]>;
  /** The core, acting as `actor`: with its facility scoping; refused when `actor` is null. */
  core: CoreServices;
  actor: A;
  logger: Logger;
  /** Emits one of the plug's own signals (named `<id>.<name>` for subscribers), inside the current write if any. */
  emit<Name extends keyof S["emits"] & string>(name: Name, payload: z.input<S["emits"][Name]>): Promise<void>;
  /** Runs `work` in one transaction with the core calls and signals it makes (joining the current one). */
  transaction<T>(work: (db: Kysely<S["tables"]>) => Promise<T>): Promise<T>;
  /**
   * The same context acting as the plug itself (a system actor that sees every facility): for work no
   * caller asked for, such as a durable handler reading the patient it messages. Never for a caller.
   */
  asPlug(): PlugContext<S, SystemActor>;
}
