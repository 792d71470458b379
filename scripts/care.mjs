// `pnpm care ...`: builds the CLI and what it needs (a cache hit when nothing changed), then runs it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@care/plug-manager...", "--output-logs=errors-only"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}care: building the CLI failed (above)\n`);
  process.exit(1);
}
await import(new URL("../packages/plug-manager/dist/cli.js", import.meta.url).href);
