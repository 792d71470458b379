import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const verdaccioBin = fileURLToPath(new URL("../node_modules/verdaccio/bin/verdaccio", import.meta.url));

export interface Registry {
  url: string;
  /** An XDG_CONFIG_HOME whose pnpm/auth.ini holds this registry's credentials (pnpm 12 reads them there). */
  configHome: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

/**
 * A real npm registry (Verdaccio) on loopback with its own storage under `dir`: no uplinks (only
 * what is published to it), anyone may read, only the user `publisher` may publish.
 */
export async function startVerdaccio(dir: string): Promise<Registry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const password = "publisher-pw";
  await mkdir(join(dir, "storage"), { recursive: true });
  const sha1 = createHash("sha1").update(password).digest("base64");
  await writeFile(join(dir, "htpasswd"), `publisher:{SHA}${sha1}:autocreated 2026-01-01T00:00:00.000Z\n`);
  await writeFile(
    join(dir, "config.yaml"),
    [
      `storage: ${join(dir, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(dir, "htpasswd")}`,
      "    max_users: -1",
      "uplinks: {}",
      "packages:",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "    unpublish: $authenticated",
      "web:",
      "  enable: false",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const configHome = join(dir, "xdg");
  await mkdir(join(configHome, "pnpm"), { recursive: true });
  const auth = Buffer.from(`publisher:${password}`).toString("base64");
  await writeFile(join(configHome, "pnpm", "auth.ini"), `//127.0.0.1:${port}/:_auth=${auth}\n`);

  const child: ChildProcess = spawn(
    process.execPath,
    [verdaccioBin, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Verdaccio did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    configHome,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
