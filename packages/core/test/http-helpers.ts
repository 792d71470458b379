import type { FastifyInstance, InjectOptions } from "fastify";
import { afterEach, beforeEach, expect } from "vitest";
import { buildHttpApp, type Core } from "../src/index.js";
import { seed, system, useCore } from "./helpers.js";

export const password = "correct horse battery";

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/**
 * A migrated core (see `useCore`) and its HTTP app, new for each test. `request` answers with the
 * status and the parsed body, and fails the test if any answer carries a password or its hash.
 */
export function useHttp() {
  const started = useCore();
  const state = {
    get core(): Core {
      return started.core;
    },
    app: undefined as unknown as FastifyInstance,
    request: (options: RequestOptions) => request(state.app, options),
  };
  beforeEach(async () => {
    state.app = await buildHttpApp(started.core, { version: "test" });
  });
  afterEach(async () => {
    await state.app?.close();
  });
  return state;
}

export interface RequestOptions {
  method: NonNullable<InjectOptions["method"]>;
  url: string;
  token?: string | undefined;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, for bodies that are not JSON. */
  payload?: string;
  headers?: Record<string, string>;
}

export async function request<T = any>(app: FastifyInstance, options: RequestOptions): Promise<Answer<T>> {
  const response = await app.inject({
    method: options.method,
    url: options.url,
    headers: { ...(options.token !== undefined && bearer(options.token)), ...options.headers },
    ...(options.body !== undefined && { payload: options.body as InjectOptions["payload"] }),
    ...(options.payload !== undefined && { payload: options.payload }),
  });
  expectNoPasswords(response.body, `${options.method} ${options.url}`);
  const body =
    response.body && String(response.headers["content-type"]).startsWith("application/json") ? JSON.parse(response.body) : response.body;
  return { status: response.statusCode, body: body as T, headers: response.headers };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** No answer may name a password field or contain a stored hash. */
export function expectNoPasswords(text: string, where: string): void {
  expect(text, `${where} answered with a password hash`).not.toContain("scrypt$");
  expect(text, `${where} answered with a password field`).not.toMatch(/"(password|passwordHash|password_hash)"\s*:/);
}

export async function login(app: FastifyInstance, username: string, secret = password): Promise<string> {
  const answer = await request<{ token: string }>(app, { method: "POST", url: "/api/v1/auth/login", body: { username, password: secret } });
  expect(answer.status, `login as ${username}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body.token;
}

/** `seed()` plus an administrator, each of the three logged in. */
export async function seedAndLogin(core: Core, app: FastifyInstance) {
  const seeded = await seed(core);
  const adminUser = await core.users.create(system, { username: "admin", displayName: "Administrator", password, roles: ["admin"] });
  const [admin, doctor, nurse] = await Promise.all([login(app, "admin"), login(app, "dr.north"), login(app, "nurse.south")]);
  return { ...seeded, adminUser, tokens: { admin, doctor, nurse } };
}

/** What every error answer looks like. */
export function expectError(answer: Answer, status: number, code?: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toEqual({
    error: {
      code: code ?? expect.any(String),
      message: expect.any(String),
      details: expect.any(Array),
    },
  });
  for (const detail of answer.body.error.details) expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
}

/** The paths named in a validation error. */
export const detailPaths = (answer: Answer): string[] => answer.body.error.details.map((detail: { path: string }) => detail.path);
