import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Measurement } from "./measurement.js";
import type { ResultRow } from "./report.js";
import { summarise } from "./stats.js";
import { answerRoute, createDevReloadWorkspace, startDevSession } from "./dev-reload-workspace.js";
import { childEnv } from "./workspace/child-env.js";

/** The target: a change to a route is served again within 2 s. */
const targetMs = 2000;

/**
 * dev-reload: `care dev` running a deployment with one workspace plug; each round rewrites the
 * plug's route to answer something new and times from the write to the first HTTP answer that
 * carries it (the file event, the debounce, the plug's rebuild, the restart and the request).
 */
export const devReload: Measurement = {
  name: "dev-reload",
  title: "care dev: a route change served again",
  run: async ({ root, tmpDir, quick, log }) => {
    const workspace = await createDevReloadWorkspace(tmpDir, root);
    log(`care dev in ${workspace.root}`);
    const port = await freePort();
    const env = childEnv({ DATABASE_URL: "", CARE_DATA_DIR: "" });
    const session = startDevSession(join(root, "packages/plug-manager/dist/cli.js"), workspace, port, env);
    const samples: number[] = [];
    try {
      await session.nextLine(/^care dev: \S+ is serving at /);
      const url = `http://127.0.0.1:${port}${workspace.routePath}`;
      for (let round = 1; round <= (quick ? 3 : 10); round++) {
        const answer = `round-${round}`;
        const served = session.nextLine(/rebuilt and serving again in/);
        const began = performance.now();
        await writeFile(workspace.routeFile, answerRoute(answer));
        await served;
        await untilAnswer(url, answer);
        samples.push(performance.now() - began);
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${session.output().slice(-3000)}`);
    } finally {
      session.child.kill("SIGTERM");
    }
    const result = summarise(samples);
    const row: ResultRow = {
      measurement: "dev-reload",
      database: "PGlite",
      case: "one plug's route edited",
      unit: "ms",
      better: "lower",
      result,
      target: `< ${targetMs} ms`,
      met: result.median < targetMs,
      note: "from writing the file to the first answer with the change: watch, debounce, plug rebuild, restart",
    };
    return [row];
  },
};

/** Asks until the route answers with `answer` (the restart is over once care dev says so; this confirms it). */
async function untilAnswer(url: string, answer: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const body = await fetch(url).then(
      (response) => response.text(),
      () => "",
    );
    if (body.includes(answer)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} never answered ${answer}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
