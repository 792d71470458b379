import { AsyncLocalStorage } from "node:async_hooks";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "../actor.js";
import type { AfterCommitJob, SignalBus } from "../signals/bus.js";
import type { CoreOrigin } from "../signals/core-origin.js";
import type { SignalSchemas } from "../signals/subscription.js";
import { translateDatabaseError } from "./database-errors.js";
import type { CoreDatabase } from "./tables.js";

/** What a write sees: its transaction, who is writing, and how to emit signals within it. */
export interface Write {
  tx: Transaction<CoreDatabase>;
  actor: Actor;
  /**
   * This call opened the transaction, so once its work returns nothing more runs in it but COMMIT
   * (the runtime leaves a plug's role to end there); a write joining an open one is followed by its caller.
   */
  opened: boolean;
  /** Core signals only in a write that the core's services opened (see `SignalBus.emit`). */
  emit(signal: string, payload: unknown): Promise<void>;
  /** Emits plug `plugId`'s own signal, named `<plugId>.<event>`; refuses any other name. */
  emitPlugSignal(plugId: string, signal: string, payload: unknown): Promise<void>;
}

interface Scope {
  tx: Transaction<CoreDatabase>;
  afterCommit: AfterCommitJob[];
  wroteOutbox: boolean;
}

/**
 * Every core write goes through here: one transaction, its signals, and what follows its commit.
 * A write started by an in-transaction subscriber joins the transaction that is already open, so
 * a veto anywhere rolls back everything (and PGlite's single connection never waits on itself).
 */
export class UnitOfWork {
  private readonly scope = new AsyncLocalStorage<Scope>();

  constructor(
    readonly db: Kysely<CoreDatabase>,
    private readonly bus: SignalBus<SignalSchemas>,
    private readonly onOutboxWritten: () => void,
  ) {}

  /** Where to read: inside a write, its transaction (seeing its own changes); else the database. */
  get reader(): Kysely<CoreDatabase> {
    return this.scope.getStore()?.tx ?? this.db;
  }

  /** The transaction of the write this call runs within, if any. */
  get transaction(): Transaction<CoreDatabase> | undefined {
    return this.scope.getStore()?.tx;
  }

  /** `origin` is for the core's services only: it lets `work` emit core signals. */
  async write<T>(actor: Actor, work: (write: Write) => Promise<T>, origin?: CoreOrigin): Promise<T> {
    const open = this.scope.getStore();
    if (open) return work(this.bind(open, actor, origin, false));

    const afterCommit: AfterCommitJob[] = [];
    let wroteOutbox = false;
    const result = await this.db
      .transaction()
      .execute((tx) => {
        const scope: Scope = { tx, afterCommit, wroteOutbox: false };
        return this.scope.run(scope, async () => {
          const value = await work(this.bind(scope, actor, origin, true));
          wroteOutbox = scope.wroteOutbox;
          return value;
        });
      })
      .catch((error: unknown) => {
        throw translateDatabaseError(error);
      });
    this.bus.launch(afterCommit);
    if (wroteOutbox) this.onOutboxWritten();
    return result;
  }

  private bind(scope: Scope, actor: Actor, origin: CoreOrigin | undefined, opened: boolean): Write {
    const emit = async (signal: string, payload: unknown) => {
      if (await this.bus.emit(scope.tx, scope.afterCommit, signal, payload, origin)) scope.wroteOutbox = true;
    };
    return {
      tx: scope.tx,
      actor,
      opened,
      emit,
      emitPlugSignal: async (plugId, signal, payload) => {
        if (!plugId || !signal.startsWith(`${plugId}.`))
          throw new Error(`plug ${plugId} cannot emit ${signal}: a plug emits only its own signals, named ${plugId}.<event>`);
        // Without the core's origin, even a plug whose id collides with a core signal's prefix emits no core signal.
        if (await this.bus.emit(scope.tx, scope.afterCommit, signal, payload)) scope.wroteOutbox = true;
      },
    };
  }
}
