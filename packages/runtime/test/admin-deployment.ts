import { systemActor } from "@care/core";
import { startDeployment, type DeploymentManifest, type RunningDeployment } from "../src/tooling.js";
import { login } from "./deployment-process.js";

export const adminPassword = "admin-console-test-pw";
const nursePassword = "quiet lantern orchard river";

/** Every route of the admin API, with a valid-looking call: access is refused before any of them runs. */
export const adminRoutes: ReadonlyArray<{ method: string; path: string; body?: unknown; bytes?: boolean }> = [
  { method: "GET", path: "/api/v1/admin/plugs" },
  { method: "GET", path: "/api/v1/admin/plugs/lab" },
  { method: "GET", path: "/api/v1/admin/migrations" },
  { method: "GET", path: "/api/v1/admin/supervisor" },
  { method: "POST", path: "/api/v1/admin/archives", bytes: true },
  { method: "POST", path: "/api/v1/admin/changes", body: { kind: "disable", plug: "lab" } },
  { method: "GET", path: "/api/v1/admin/changes" },
  { method: "DELETE", path: "/api/v1/admin/changes/c1" },
  { method: "POST", path: "/api/v1/admin/applies", body: {} },
  { method: "GET", path: "/api/v1/admin/applies" },
  { method: "GET", path: "/api/v1/admin/applies/a1" },
];

/** A deployment started in this process, listening on a free port, with an admin and a nurse who can log in. */
export async function startAdminDeployment(manifest: DeploymentManifest, env: NodeJS.ProcessEnv) {
  const running: RunningDeployment = await startDeployment(manifest, {
    env: { ...env, PORT: "0", LOG_LEVEL: "silent", CARE_ADMIN_PASSWORD: adminPassword },
    print: () => {},
  });
  const tokenOf = async (username: string, password: string) =>
    ((await (await login(running.url, username, password)).json()) as { token: string }).token;
  const admin = await tokenOf("admin", adminPassword);
  const system = systemActor("admin-test");
  const facility = await running.core.facilities.create(system, { name: "Ward Seven", kind: "hospital" });
  const nurseName = `nurse.${Math.random().toString(36).slice(2, 8)}`;
  await running.core.users.create(system, {
    username: nurseName,
    displayName: "Nurse Amina",
    password: nursePassword,
    roles: ["nurse"],
    facilityIds: [facility.id],
  });
  const nurse = await tokenOf(nurseName, nursePassword);

  /** One request as `token` (none: null): its status, its raw body and, when JSON, the parsed body. */
  const call = async (
    method: string,
    path: string,
    options: { token?: string | null; body?: unknown; bytes?: Uint8Array; headers?: Record<string, string> } = {},
  ) => {
    const token = options.token === undefined ? admin : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: Uint8Array | string | undefined;
    if (options.bytes) {
      headers["content-type"] ??= "application/octet-stream";
      body = options.bytes;
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const answer = await fetch(`${running.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await answer.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: answer.status, text, json };
  };
  return { running, admin, nurse, call };
}
