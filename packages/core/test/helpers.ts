import pino from "pino";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import {
  CareError,
  coreSignals,
  createCore,
  migrateCore,
  openScratchDatabase,
  systemActor,
  type Actor,
  type CareDatabase,
  type Core,
  type CoreSignalName,
  type DispatcherOptions,
  type Facility,
} from "../src/index.js";

export const system = systemActor("test");

/** Log lines a test can look at. */
export function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/**
 * A migrated database for the whole test file (PGlite in memory, or a fresh database on
 * DATABASE_URL), emptied before each test, with a new core (so no subscriber leaks between tests).
 */
export function useCore(options: { dispatcher?: DispatcherOptions } = {}) {
  const state = {} as { core: Core; database: CareDatabase; log: ReturnType<typeof memoryLogger> };
  beforeAll(async () => {
    state.database = await openScratchDatabase();
    await migrateCore(state.database.db);
  });
  beforeEach(async () => {
    await sql`truncate core.facilities, core.users, core.user_facilities, core.patients, core.patient_identifiers,
      core.encounters, core.sessions, care_system.outbox restart identity cascade`.execute(state.database.db);
    state.log = memoryLogger();
    state.core = createCore({
      database: state.database,
      logger: state.log.logger,
      dispatcher: { pollIntervalMs: 20, backoffMs: 5, ...options.dispatcher },
    });
  });
  afterEach(async () => {
    await state.core.dispatcher.drain();
    await state.core.signals.idle();
  });
  afterAll(() => state.database?.close());
  return state;
}

export function userActor(user: { id: string; username: string; roles: readonly string[]; facilityIds: readonly string[] }): Actor {
  return { kind: "user", userId: user.id, username: user.username, roles: user.roles as never, facilityIds: user.facilityIds };
}

/** Two facilities, a doctor at the first, a nurse at the second, and a patient at each. */
export async function seed(core: Core) {
  const north = await core.facilities.create(system, { name: "North Hospital", kind: "hospital" });
  const south = await core.facilities.create(system, { name: "South Clinic", kind: "clinic" });
  const staff = (username: string, displayName: string, role: "doctor" | "nurse", facility: Facility) =>
    core.users.create(system, { username, displayName, password: "correct horse battery", roles: [role], facilityIds: [facility.id] });
  const patient = (facility: Facility, name: string, birthDate: string, sex: "female" | "male") =>
    core.patients.create(system, { facilityId: facility.id, name, birthDate, sex });
  const doctorUser = await staff("dr.north", "Dr North", "doctor", north);
  const nurseUser = await staff("nurse.south", "Nurse South", "nurse", south);
  const northPatient = await patient(north, "Amina North", "1990-04-02", "female");
  const southPatient = await patient(south, "Bakari South", "1985-11-30", "male");
  return { north, south, doctorUser, nurseUser, doctor: userActor(doctorUser), nurse: userActor(nurseUser), northPatient, southPatient };
}

/** Polls until `check` stops throwing: for effects that happen after a write returns. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Records every core signal that is delivered after a commit, in order. The returned function
 * waits for pending deliveries and answers what was seen so far.
 */
export function recordSignals(core: Core) {
  const seen: Array<{ signal: CoreSignalName; payload: any }> = [];
  for (const signal of Object.keys(coreSignals) as CoreSignalName[]) {
    core.signals.subscribe(signal, "test:recorder", "afterCommit", (payload) => void seen.push({ signal, payload }));
  }
  return async () => {
    await core.signals.idle();
    return seen;
  };
}

/** Runs `work`, expecting it to fail with a `CareError` of `code`; answers the error. */
export async function careError(work: Promise<unknown>, code: CareError["code"]): Promise<CareError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(CareError);
  expect((error as CareError).code, (error as CareError).message).toBe(code);
  return error as CareError;
}

export const pathsOf = (error: CareError) => error.details.map((detail) => detail.path);
