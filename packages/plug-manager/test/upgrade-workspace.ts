import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDatabase, openDatabase, type CareDatabase, type ScratchDatabase } from "@care/core";
import { sql } from "kysely";
import { childEnv, cliPath, sourceRoot } from "./temp-workspace.js";

/** What a run of the `care` CLI gave: its exit code, stdout and stderr together, and stdout alone. */
export interface CareRun {
  code: number | null;
  output: string;
  stdout: string;
}

/** A plug version as a test makes it up: its install.sql and upgrade/<from>_<to>.sql files. */
export interface PlugVersion {
  id: string;
  version: string;
  install: string;
  steps?: Record<string, string>;
}

const runtimeEntry = join(sourceRoot, "packages/runtime/dist/index.js");
// definePlug is the contract's (@care/plug-api), no longer re-exported by the runtime.
const contractEntry = join(sourceRoot, "packages/plug-api/dist/index.js");

/**
 * A workspace with one deployment, `site`, whose plugs a test replaces between runs (an upgrade is a
 * new manifest), on its own database: a PGlite folder in apps/site/.care, or a scratch database on the
 * server DATABASE_URL names. `care` runs the built CLI there; `start` runs the deployment's process.
 */
export async function upgradeWorkspace(prefix: string) {
  const workspace = await mkdtemp(join(tmpdir(), prefix));
  const server = process.env.DATABASE_URL || undefined;
  const scratch: ScratchDatabase | undefined = server ? await createScratchDatabase(server) : undefined;
  const app = join(workspace, "apps/site");
  await writeFile(join(workspace, "pnpm-workspace.yaml"), "packages: []\n");
  await mkdir(join(app, "src"), { recursive: true });
  await writeFile(join(app, "plug.config.ts"), "export default { plugs: [] };\n");
  // The manifest is plain JavaScript, so the deployment's own process (node main.mjs) loads it as is.
  await writeFile(join(app, "src/plugs.generated.ts"), 'export { default } from "./plugs.mjs";\n');
  await writeFile(
    join(app, "main.mjs"),
    `import { runDeployment } from ${JSON.stringify(runtimeEntry)};\nimport manifest from "./src/plugs.mjs";\nawait ` +
      `runDeployment(manifest);\n`,
  );
  const dataDir = join(app, ".care/site/data");
  const backupDir = join(app, ".care/site/backups");
  let written = 0;

  const databaseEnv = (extra: NodeJS.ProcessEnv) => ({ ...childEnv(), DATABASE_URL: scratch?.url ?? "", CARE_DATA_DIR: "", ...extra });

  return {
    workspace,
    dataDir,
    backupDir,
    engine: scratch ? ("postgres" as const) : ("pglite" as const),

    /** The deployment's plugs from now on, in start order. */
    async setPlugs(plugs: PlugVersion[]): Promise<void> {
      written += 1;
      const entries: string[] = [];
      for (const plug of plugs) {
        const folder = join(workspace, `plug-files/${written}/${plug.id}`);
        await mkdir(join(folder, "upgrade"), { recursive: true });
        await writeFile(join(folder, "install.sql"), plug.install);
        for (const [name, text] of Object.entries(plug.steps ?? {})) await writeFile(join(folder, "upgrade", `${name}.sql`), text);
        const pkg = { name: `@fixtures/${plug.id}`, version: plug.version, care: { plug: { id: plug.id, core: "*", contract: "^1.0.0" } } };
        entries.push(`{ plug: definePlug({ package: ${JSON.stringify(pkg)}, migrations: ${JSON.stringify(folder)} }) }`);
      }
      await writeFile(
        join(app, "src/plugs.mjs"),
        `import { definePlug } from ${JSON.stringify(contractEntry)};\nexport default { deployment: "site", plugs: ` +
          `[${entries.join(", ")}] };\n`,
      );
    },

    /** Runs the built `care` in the workspace on the deployment's database. */
    care(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CareRun> {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [cliPath, ...args], {
          cwd: workspace,
          env: databaseEnv(extraEnv),
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        let stdout = "";
        child.stdout.on("data", (chunk) => ((output += chunk), (stdout += chunk)));
        child.stderr.on("data", (chunk) => (output += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
        child.on("close", (code) => {
          clearTimeout(timer);
          resolve({ code, output: `$ care ${args.join(" ")}\n${output}`, stdout });
        });
      });
    },

    /** The deployment as production runs it (`node main.mjs` in apps/site); resolves once it serves. */
    async start(extraEnv: NodeJS.ProcessEnv = {}) {
      const child = spawn(process.execPath, ["main.mjs"], {
        cwd: app,
        env: databaseEnv({ PORT: "0", LOG_LEVEL: "info", ...extraEnv }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      const deadline = Date.now() + 60_000;
      while (!/is running at http/.test(output)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the deployment did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return {
        output: () => output,
        stop: async () => {
          child.kill("SIGTERM");
          return exited;
        },
      };
    },

    /** The deployment's database, opened as the CLI opens it; close it before the next `care`. */
    open(): Promise<CareDatabase> {
      return scratch ? openDatabase({ url: scratch.url }) : openDatabase({ dataDir });
    },

    /** Runs `work` on the database and closes it again. */
    async query<T>(work: (database: CareDatabase) => Promise<T>): Promise<T> {
      const database = await this.open();
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },

    /** What a migration changes: schemas and their tables with columns, the registry, the core's migrations. */
    snapshot(): Promise<string> {
      return this.query(async (database) => {
        const tables = await sql<{
          line: string;
        }>`select n.nspname || '.' || c.relname || '(' || coalesce(string_agg(a.attname, ',' order by a.attnum), '') || ')' as line
          from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' and c.relkind in ('r', 'v', 'S')
          group by n.nspname, c.relname order by 1`.execute(database.db);
        const registry = await sql<{ line: string }>`select id || ' ' || version as line from care_system.plugs order by id`
          .execute(database.db)
          .catch(() => ({ rows: [] }));
        const steps = await sql<{ line: string }>`select plug_id || ' ' || step as line from care_system.plug_steps order by 1`
          .execute(database.db)
          .catch(() => ({ rows: [] }));
        const core = await sql<{ line: string }>`select name as line from care_system.core_migrations order by 1`
          .execute(database.db)
          .catch(() => ({ rows: [] }));
        return [...tables.rows, ...registry.rows, ...steps.rows, ...core.rows].map((row) => row.line).join("\n");
      });
    },

    async cleanup(): Promise<void> {
      await scratch?.drop();
      await rm(workspace, { recursive: true, force: true });
    },
  };
}

export type UpgradeWorkspace = Awaited<ReturnType<typeof upgradeWorkspace>>;
