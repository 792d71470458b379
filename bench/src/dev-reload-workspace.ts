import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { copyWorkspace, installWorkspace } from "./workspace/copy-workspace.js";
import { writeDeploymentApp } from "./workspace/deployment-app.js";
import { syntheticPlug, writePlugPackage } from "./workspace/plug-package.js";

/** A copy of the workspace with one tsup-built plug that has a public route, and a deployment running it. */
export interface DevReloadWorkspace {
  root: string;
  deployment: string;
  /** plugs/<id>/src/routes/answer.ts, the file each round edits. */
  routeFile: string;
  /** The route's path under the deployment's URL. */
  routePath: string;
}

/** The route each round rewrites: GET /api/plugs/<id>/answer answers `{ answer }`. */
export const answerRoute = (answer: string) => `import { plugTypes } from "@care/plug-sdk";
import { z } from "zod";

export const answer = plugTypes().route.get(
  "/answer",
  {
    summary: "A fixed answer that pnpm bench changes",
    public: { reason: "pnpm bench calls it without logging in", authenticate: () => true },
    responses: { 200: z.object({ answer: z.string() }) },
  },
  async () => ({ answer: ${JSON.stringify(answer)} }),
);
`;

const plugIndex = `import { plugTypes } from "@care/plug-sdk";
import manifest from "../package.json" with { type: "json" };
import { answer } from "./routes/answer.js";

export default plugTypes().define({ package: manifest, migrations: new URL("../migrations/", import.meta.url), routes: [answer] });
`;

export async function createDevReloadWorkspace(parent: string, repositoryRoot: string): Promise<DevReloadWorkspace> {
  const root = await mkdtemp(join(parent, "dev-reload-"));
  await copyWorkspace(repositoryRoot, root);
  const plug = syntheticPlug(1);
  const plugDir = join(root, "plugs", plug.id);
  await writePlugPackage(plugDir, plug, { migrations: "install", code: "tsup" });
  await mkdir(join(plugDir, "src", "routes"), { recursive: true });
  await writeFile(join(plugDir, "src", "index.ts"), plugIndex);
  const routeFile = join(plugDir, "src", "routes", "answer.ts");
  await writeFile(routeFile, answerRoute("start"));
  const deployment = "dev-reload";
  const app = await writeDeploymentApp(root, { name: deployment, plugs: [plug] }, { buildable: true });
  // A bench site: its workspace plugs are not signed.
  await writeFile(
    join(app, "plug.config.ts"),
    `import { defineDeployment, plug } from "@care/plug-manager";\n\nexport default defineDeployment({\n  name: "${deployment}",\n` +
      `  trust: { unsigned: ["workspace"] },\n` +
      `  plugs: [plug({ name: "${plug.id}", package: "${plug.packageName}", version: "workspace:^" })],\n});\n`,
  );
  await installWorkspace(root);
  return { root, deployment, routeFile, routePath: `/api/plugs/${plug.id}/answer` };
}

/** `care dev` running in the workspace, its output read line by line. */
export interface DevSession {
  child: ChildProcess;
  /** Resolves with the first line from now on that matches; rejects when care dev exits first. */
  nextLine(pattern: RegExp): Promise<RegExpExecArray>;
  output(): string;
}

export function startDevSession(cli: string, workspace: DevReloadWorkspace, port: number, env: NodeJS.ProcessEnv): DevSession {
  const child = spawn(process.execPath, [cli, "dev", "-d", workspace.deployment, "--port", String(port)], {
    cwd: workspace.root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiting = new Set<(line: string) => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const listener of waiting) listener(line);
    });
  }
  return {
    child,
    output: () => lines.join("\n"),
    nextLine: (pattern) =>
      new Promise((resolve, reject) => {
        // One wait per reload on a long-lived process: each removes its exit listener once answered,
        // or they pile up (Node warns past 10: MaxListenersExceededWarning).
        const exited = (code: number | null) => {
          waiting.delete(listener);
          reject(new Error(`care dev exited (${code}) before printing ${pattern}:\n${lines.slice(-40).join("\n")}`));
        };
        const listener = (line: string) => {
          const match = pattern.exec(line);
          if (!match) return;
          waiting.delete(listener);
          child.off("exit", exited);
          resolve(match);
        };
        waiting.add(listener);
        child.once("exit", exited);
      }),
  };
}
