import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, expect } from "vitest";
import { buildHttpApp, createCore, type Core, type HttpOptions, type LoginProtectionOptions } from "../src/index.js";
import { system, useCore } from "./helpers.js";
import { expectNoPasswords, type Answer } from "./http-helpers.js";

export const rightPassword = "violet tractor harbour";

/** The same fixed moment at the start of every test; tests move it forward instead of waiting. */
const startOfTest = Date.parse("2026-03-02T08:00:00Z");

/**
 * A core whose login protection reads a clock the test moves, and its HTTP app, new for each
 * test, on a migrated database (see `useCore`). `log` holds every log line of the core.
 */
export function useLoginApp(options: { logins?: LoginProtectionOptions; http?: Partial<HttpOptions> } = {}) {
  const started = useCore();
  const state = {
    core: undefined as unknown as Core,
    app: undefined as unknown as FastifyInstance,
    now: startOfTest,
    get log() {
      return started.log.lines;
    },
    /** Moves the login clock forward. */
    wait(seconds: number) {
      state.now += seconds * 1000;
    },
  };
  beforeEach(async () => {
    state.now = startOfTest;
    state.core = createCore({
      database: started.database,
      logger: started.log.logger,
      logins: { now: () => state.now, ...options.logins },
    });
    state.app = await buildHttpApp(state.core, { version: "test", ...options.http });
  });
  afterEach(async () => {
    await state.app?.close();
  });
  return state;
}

export interface Attempt {
  username: string;
  password: string;
  /** The client's own address (the TCP peer). */
  from?: string;
  headers?: Record<string, string>;
}

/** POST /api/v1/auth/login from an address; the answer with its parsed body and headers. */
export async function attempt(app: FastifyInstance, { username, password, from = "203.0.113.10", headers }: Attempt): Promise<Answer> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    remoteAddress: from,
    headers,
    payload: { username, password },
  });
  expectNoPasswords(response.body, "login");
  expect(response.body, "an answer repeated the password").not.toContain(password);
  return { status: response.statusCode, body: JSON.parse(response.body), headers: response.headers };
}

export const codeOf = (answer: Answer): string => (answer.status === 200 ? "ok" : answer.body.error.code);
export const retryAfterOf = (answer: Answer): number => Number(answer.headers["retry-after"]);

export async function createUser(core: Core, username: string, password = rightPassword) {
  return core.users.create(system, { username, displayName: username, password, roles: ["staff"] });
}
