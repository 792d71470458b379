import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeploymentProcess, freshStorage, login } from "./deployment-process.js";

const runtimeEntry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const indexHtml = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body></body></html>';

/** A deployment folder as `pnpm build` leaves it: dist/main.js's folder, with (or without) the built app in dist/web. */
async function deploymentFolder(withWebApp: boolean): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "care-web-app-"));
  await mkdir(join(root, "dist/web/assets"), { recursive: true });
  if (withWebApp) {
    await writeFile(join(root, "dist/web/index.html"), indexHtml);
    await writeFile(join(root, "dist/web/assets/index-Ab12Cd34.js"), "document.body.textContent = 'Care';\n");
    await writeFile(join(root, "dist/web/favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  }
  await writeFile(join(root, "secret.txt"), "outside the web folder");
  return root;
}

/** Its main.ts, as a process: runDeployment with the folder and the (empty) generated manifest. */
function startIn(root: string, env: NodeJS.ProcessEnv): DeploymentProcess {
  const folder = JSON.stringify(pathToFileURL(`${root}/`).href);
  const script = `import { runDeployment } from ${JSON.stringify(runtimeEntry)};
await runDeployment({ root: new URL(${folder}), load: async () => ({ default: { deployment: "web", plugs: [] } }) });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new DeploymentProcess(child);
}

describe("a deployment with a built web app", () => {
  let root: string;
  let storage: Awaited<ReturnType<typeof freshStorage>>;
  let deployment: DeploymentProcess;
  let url: string;

  beforeAll(async () => {
    root = await deploymentFolder(true);
    storage = await freshStorage();
    deployment = startIn(root, storage.env);
    url = await deployment.url();
  }, 120_000);
  afterAll(async () => {
    if (deployment.child.exitCode === null) await deployment.stop("SIGKILL");
    await storage.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("serves the app shell at / without a token, with a policy that lets nothing leave the server", async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const policy = page.headers.get("content-security-policy")!;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(await page.text()).toBe(indexHtml);
    expect(deployment.stdout).toContain(`Web app: ${url}/`);
  });

  it("answers index.html for the app's own paths, so a reload of /patients/42 works", async () => {
    for (const path of ["/patients/42", "/admin/plugs/lab/settings?tab=2", "/facilities"]) {
      const page = await fetch(`${url}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toBe(indexHtml);
    }
  });

  it("serves hashed assets as immutable and other files as revalidated", async () => {
    const script = await fetch(`${url}/assets/index-Ab12Cd34.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const icon = await fetch(`${url}/favicon.svg`);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  it("serves nothing outside the web folder", async () => {
    for (const path of ["/../../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt"]) {
      const answer = await fetch(`${url}${path}`);
      expect(await answer.text(), path).toBe(indexHtml);
    }
  });

  it("leaves the API as it was: unknown API paths refused as before, known ones answered", async () => {
    const unknown = await fetch(`${url}/api/v1/nothing-here`);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await fetch(`${url}/api`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/patients`)).status).toBe(401);
    const password = /with password: (\S+)/.exec(deployment.stdout)![1]!;
    const { token } = (await (await login(url, "admin", password)).json()) as { token: string };
    const withToken = await fetch(`${url}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${token}` } });
    expect(withToken.status).toBe(404);
    expect(await withToken.json()).toMatchObject({ error: { code: "not_found" } });
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/`, { method: "POST" })).status).toBe(401);
  });
});

describe("a deployment without a built web app", () => {
  it("answers / as a deployment without one always has", async () => {
    const root = await deploymentFolder(false);
    const storage = await freshStorage();
    const deployment = startIn(root, storage.env);
    try {
      const url = await deployment.url();
      const answer = await fetch(`${url}/`);
      expect(answer.status).toBe(401);
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await answer.json()).toMatchObject({ error: { code: "unauthorized" } });
      expect(deployment.stdout).not.toContain("Web app:");
    } finally {
      await deployment.stop("SIGKILL");
      await storage.cleanup();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
