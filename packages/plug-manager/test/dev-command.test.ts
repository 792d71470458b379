import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, childEnv, cliPath, copyWorkspace, install } from "./temp-workspace.js";

/** The plug's one route, public so the test calls it without logging in; each step changes its answer. */
const pingRoute = (body: string) => `import { plugTypes } from "@care/plug-sdk";
import { z } from "zod";

export const ping = plugTypes().route.get(
  "/ping",
  {
    summary: "Answers a word the test changes",
    public: { reason: "the dev-loop test calls it without logging in", authenticate: () => true },
    responses: { 200: z.object({ answer: z.string() }) },
  },
  ${body},
);
`;

const plugIndex = `import { plugTypes } from "@care/plug-sdk";
import manifest from "../package.json" with { type: "json" };
import { ping } from "./routes/ping.js";

export default plugTypes().define({ package: manifest, migrations: new URL("../migrations/", import.meta.url), routes: [ping] });
`;

/**
 * `care dev` as a developer runs it, in a copy of the workspace with one deployment and one
 * workspace plug: served, a route edit served again, a syntax error reported while the process
 * stays up, the fix served, and SIGTERM stopping everything with exit 0 and the port freed.
 */
describe("care dev", () => {
  let workspace: string;
  const path = (file: string) => join(workspace, file);

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-dev-"));
    await copyWorkspace(workspace);
    for (const args of [
      ["deployment", "new", "site"],
      ["plug", "new", "greet"],
    ]) {
      const done = await care(workspace, args);
      expect(done.code, done.output).toBe(0);
    }
    await rm(path("plugs/greet/src/routes"), { recursive: true, force: true });
    await rm(path("plugs/greet/src/signals"), { recursive: true, force: true });
    await writeFile(path("plugs/greet/src/index.ts"), plugIndex);
    await mkdir(path("plugs/greet/src/routes"), { recursive: true });
    await writeFile(path("plugs/greet/src/routes/ping.ts"), pingRoute('async () => ({ answer: "one" })'));
    // Not about signing: this site accepts unsigned workspace plugs.
    await writeFile(
      path("apps/site/plug.config.ts"),
      `import { defineDeployment, plug } from "@care/plug-manager";\n\nexport default defineDeployment({\n  name: "site",\n` +
        `  trust: { unsigned: ["workspace"] },\n` +
        `  plugs: [plug({ name: "greet", package: "@care-plugs/greet", version: "workspace:^" })],\n});\n`,
    );
    await install(workspace);
  }, 600_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("serves, serves a route edit again, survives a syntax error, and stops on SIGTERM with exit 0", async () => {
    const port = await freePort();
    const dev = startDev(workspace, port);
    try {
      const ready = await dev.nextLine(/^care dev: site is serving at (\S+) .*watching greet and plug\.config\.ts/);
      const ping = async () => (await (await fetch(`${ready[1]}/api/plugs/greet/ping`)).json()) as { answer: string };
      expect(await ping()).toEqual({ answer: "one" });

      let served = dev.nextLine(/^care dev: greet changed \(src\/routes\/ping\.ts\) — rebuilt and serving again in \d+\.\d s$/);
      await writeFile(path("plugs/greet/src/routes/ping.ts"), pingRoute('async () => ({ answer: "two" })'));
      await served;
      expect(await ping()).toEqual({ answer: "two" });

      // Both lines are awaited from before the write: they arrive together.
      const failed = dev.nextLine(/^care dev: greet changed \(src\/routes\/ping\.ts\) — \[dev_build_failed\] (.*)$/);
      const stillServing = dev.nextLine(/still serving the last good build/);
      await writeFile(path("plugs/greet/src/routes/ping.ts"), pingRoute('async () => ({ answer: "three" )'));
      expect((await failed)[1]).toMatch(/src\/routes\/ping\.ts:\d+:\d+: Expected/);
      await stillServing;
      expect(dev.child.exitCode).toBeNull();
      expect(await ping()).toEqual({ answer: "two" });

      served = dev.nextLine(/^care dev: greet changed \(src\/routes\/ping\.ts\) — rebuilt and serving again in/);
      await writeFile(path("plugs/greet/src/routes/ping.ts"), pingRoute('async () => ({ answer: "three" })'));
      await served;
      expect(await ping()).toEqual({ answer: "three" });
      // care dev rebuilds JavaScript only: the source on disk is what served.
      expect(await readFile(path("plugs/greet/dist/index.js"), "utf8")).toContain('"three"');

      dev.child.kill("SIGTERM");
      expect(await dev.exited, dev.output()).toBe(0);
      expect(dev.output()).toContain("care dev: stopped");
      expect(await portIsFree(port)).toBe(true);
    } finally {
      dev.child.kill("SIGKILL");
    }
  }, 900_000);
});

interface DevProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The first line from now on matching `pattern`; fails with the output when care dev exits first. */
  nextLine(pattern: RegExp): Promise<RegExpExecArray>;
  output(): string;
}

function startDev(cwd: string, port: number): DevProcess {
  const env = { ...childEnv(), DATABASE_URL: "", CARE_DATA_DIR: "" };
  const child = spawn(process.execPath, [cliPath, "dev", "-d", "site", "--port", String(port)], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => lines.join("\n"),
    nextLine: (pattern) =>
      new Promise((resolve, reject) => {
        const listener = (line: string) => {
          const match = pattern.exec(line);
          if (!match) return;
          listeners.delete(listener);
          resolve(match);
        };
        listeners.add(listener);
        void exited.then(
          (code) => listeners.has(listener) && reject(new Error(`care dev exited (${code}) before ${pattern}:\n${lines.join("\n")}`)),
        );
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
