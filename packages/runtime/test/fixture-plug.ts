import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openScratchDatabase, type CareDatabase } from "@care/core";
import pino from "pino";
import { bootDeployment, preparePlugs, type ManifestPlug } from "../src/tooling.js";
import { definePlug, type AnyPlugDefinition, type PlugDefinitionInput } from "@care/plug-api";

export interface FixtureOptions extends Partial<PlugDefinitionInput<any>> {
  id: string;
  version?: string;
  core?: string;
  dependencies?: Record<string, string>;
  /** care.plug.coreReads: the core columns the plug reads, by table; none by default. */
  coreReads?: Record<string, string[]>;
  /** install.sql; omit for a plug without tables. */
  install?: string;
  /** upgrade/<name>.sql files. */
  steps?: Record<string, string>;
}

/** A plug made up by a test: its package.json fields and its migrations folder on disk. */
export async function fixturePlug(options: FixtureOptions): Promise<AnyPlugDefinition> {
  const { id, version = "1.0.0", core = "*", dependencies = {}, coreReads, install, steps = {}, ...definition } = options;
  let migrations: string | undefined;
  if (install !== undefined) {
    migrations = await mkdtemp(join(tmpdir(), `care-fixture-${id}-`));
    await writeFile(join(migrations, "install.sql"), install);
    await mkdir(join(migrations, "upgrade"));
    for (const [name, sql] of Object.entries(steps)) await writeFile(join(migrations, "upgrade", `${name}.sql`), sql);
  }
  return definePlug({
    package: {
      name: `@fixtures/${id}`,
      version,
      care: {
        plug: { id, core, contract: "^1.0.0", dependencies, ...(coreReads && { coreReads }), hooks: Object.keys(definition.hooks ?? {}) },
      },
    },
    ...(migrations && { migrations }),
    ...definition,
  }) as AnyPlugDefinition;
}

export function memoryLogger() {
  const lines: string[] = [];
  return { logger: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }), lines };
}

/** Boots plugs on `database` (a fresh one by default) the way a deployment does, without listening. */
export async function bootPlugs(
  plugs: Array<AnyPlugDefinition | ManifestPlug>,
  options: { database?: CareDatabase; env?: NodeJS.ProcessEnv; logger?: pino.Logger } = {},
) {
  const database = options.database ?? (await openScratchDatabase());
  const prepared = await preparePlugs(
    { deployment: "fixture", plugs: plugs.map((entry) => ("kind" in entry ? { plug: entry } : entry)) },
    options.env ?? {},
  );
  const booted = await bootDeployment(prepared, {
    database,
    logger: options.logger ?? pino({ level: "silent" }),
    adminPassword: "fixture-admin-password",
  });
  await booted.start();
  return {
    ...booted,
    database,
    async token() {
      return (await booted.core.sessions.login({ username: "admin", password: "fixture-admin-password" })).token;
    },
    async close() {
      await booted.app.close();
      await booted.core.dispatcher.drain();
      await booted.stop();
    },
  };
}
