// `pnpm care ...`: builds the CLI and what it needs (a cache hit when nothing changed), then runs it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = new URL("../packages/plug-manager/dist/cli.js", import.meta.url);
// Help and the version need no fresh build (the version is read from package.json as it runs): answered at once.
const onlyHelp =
  process.argv.length > 2 &&
  process.argv.slice(2).every((arg) => ["--help", "-h", "--version", "-V", "help"].includes(arg)) &&
  existsSync(cli);
if (onlyHelp) {
  await import(cli.href);
} else {
  await buildThenRun();
}

async function buildThenRun() {
  const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@care/plug-manager...", "--output-logs=errors-only"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}care: building the CLI failed (above)\n`);
    process.exit(1);
  }
  await import(cli.href);
}
