import pino, { type Logger } from "pino";
import type { LoginProtectionOptions } from "./auth/login-protection-options.js";
import { SessionService } from "./auth/sessions.js";
import { migrateCore, type MigrationReport } from "./db/migrate.js";
import type { CareDatabase } from "./db/open.js";
import { UnitOfWork } from "./db/unit-of-work.js";
import { EncounterService } from "./encounters/service.js";
import { FacilityService } from "./facilities/service.js";
import { PatientService } from "./patients/service.js";
import { SignalBus } from "./signals/bus.js";
import { DeliveryService } from "./signals/deliveries.js";
import { Dispatcher, type DispatcherOptions } from "./signals/dispatcher.js";
import { ensureAdmin, type AdminBootstrap } from "./users/bootstrap-admin.js";
import { UserService } from "./users/service.js";

export interface CoreOptions {
  database: CareDatabase;
  logger?: Logger;
  dispatcher?: DispatcherOptions;
  sessionTtlMs?: number;
  /** Delays, locks and the password-checking line for logins; see `docs/security/logins.md`. */
  logins?: LoginProtectionOptions;
}

/** The core, wired: services are the only way to write its data, and every write emits signals. */
export interface Core {
  database: CareDatabase;
  logger: Logger;
  signals: SignalBus;
  dispatcher: Dispatcher;
  /** Durable deliveries in an administrator's hands: list, retry, discard. */
  deliveries: DeliveryService;
  facilities: FacilityService;
  users: UserService;
  patients: PatientService;
  encounters: EncounterService;
  sessions: SessionService;
  /** Runs `work` as one write: a transaction whose signals fire as core writes' do (joins an open one). */
  unitOfWork: UnitOfWork;
  migrate(): Promise<MigrationReport>;
  ensureAdmin(password: string | undefined): Promise<AdminBootstrap>;
}

export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? pino({ level: "silent" });
  const { db } = options.database;
  const signals = new SignalBus(db, logger.child({ component: "signals" }));
  const dispatcher = new Dispatcher(db, signals, logger.child({ component: "dispatcher" }), options.dispatcher);
  const uow = new UnitOfWork(db, signals, () => dispatcher.nudge());
  const users = new UserService(uow);
  return {
    database: options.database,
    logger,
    signals,
    dispatcher,
    deliveries: new DeliveryService(db, () => dispatcher.nudge()),
    facilities: new FacilityService(uow),
    users,
    patients: new PatientService(uow),
    encounters: new EncounterService(uow),
    sessions: new SessionService(uow, options.sessionTtlMs, logger.child({ component: "logins" }), options.logins),
    unitOfWork: uow,
    migrate: () => migrateCore(db),
    ensureAdmin: (password) => ensureAdmin(uow, users, password),
  };
}
