// `pnpm release`: builds the publishable packages, publishes those whose version the registry does
// not have yet (pnpm publish -r skips the rest; the registry of each scope comes from .npmrc, the
// credentials from pnpm's auth.ini or CI), then tags the released versions in git, which is where
// `care check` finds a plug's last released install.sql. Extra arguments go to pnpm publish.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    console.error(`release: \`${command} ${args.join(" ")}\` failed (${why}); nothing after it ran`);
    process.exit(result.status ?? 1);
  }
};

run("pnpm", ["exec", "turbo", "run", "build", "--filter=./packages/*", "--filter=./plugs/*", "--output-logs=errors-only"]);
run("pnpm", ["publish", "--recursive", "--access", "restricted", ...process.argv.slice(2)]);
const inGit = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root, encoding: "utf8" }).stdout?.trim() === "true";
if (inGit) run("pnpm", ["exec", "changeset", "tag"]);
else console.log("release: not a git repository, so no release tags were made");
