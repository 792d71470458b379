import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDeployment, type RunningDeployment } from "@care/runtime";
import { afterAll, beforeAll } from "vitest";
import manifest from "../src/plugs.generated.js";

export const adminPassword = "openapi demo admin passphrase";

export interface StartedDemo {
  running: RunningDeployment;
  url: string;
  /** An administrator's bearer token. */
  token: string;
}

/** Starts the demo deployment (its generated manifest, every plug) on a new embedded database for the test file. */
export function useDemo(): StartedDemo {
  const demo = {} as StartedDemo;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "care-demo-openapi-"));
    const env = {
      PORT: "0",
      HOST: "127.0.0.1",
      CARE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "silent",
      CARE_ADMIN_PASSWORD: adminPassword,
    };
    demo.running = await startDeployment(manifest, { env, print: () => {} });
    demo.url = demo.running.url;
    demo.token = await logIn(demo.url);
  }, 120_000);
  afterAll(async () => {
    await demo.running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return demo;
}

export async function logIn(url: string): Promise<string> {
  const answer = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: adminPassword }),
  });
  if (answer.status !== 200) throw new Error(`login as admin answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { token: string }).token;
}
