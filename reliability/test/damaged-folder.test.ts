import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, it } from "vitest";
import { serve, WriteLoad } from "../src/api.js";
import { cleanUp, startProcess, writeDeployment } from "../src/deployment.js";
import { scenario } from "../src/figures.js";
import { scratchDir } from "../src/scratch.js";

afterAll(cleanUp);

/** A way a data folder gets damaged, and how to put it back (to show nothing was re-initialised). */
interface Damage {
  name: string;
  damage(dir: string, backup: string): Promise<void>;
  repair(dir: string, backup: string): Promise<void>;
}

const damages: Damage[] = [
  {
    name: "PG_VERSION removed",
    damage: (dir, backup) => rename(join(dir, "PG_VERSION"), join(backup, "PG_VERSION")),
    repair: (dir, backup) => rename(join(backup, "PG_VERSION"), join(dir, "PG_VERSION")),
  },
  {
    name: "pg_control corrupted",
    async damage(dir, backup) {
      const path = join(dir, "global", "pg_control");
      await writeFile(join(backup, "pg_control"), await readFile(path));
      // Past the version field, so only PostgreSQL's own checksum of the file can tell.
      const file = await open(path, "r+");
      await file.write(Buffer.alloc(48, 0xa5), 0, 48, 16);
      await file.close();
    },
    repair: async (dir, backup) => writeFile(join(dir, "global", "pg_control"), await readFile(join(backup, "pg_control"))),
  },
  {
    name: "write-ahead log removed",
    async damage(dir, backup) {
      for (const name of await readdir(join(dir, "pg_wal"))) {
        if (/^[0-9A-F]{24}$/.test(name)) await rename(join(dir, "pg_wal", name), join(backup, name));
      }
    },
    async repair(dir, backup) {
      for (const name of await readdir(backup))
        if (/^[0-9A-F]{24}$/.test(name)) await rename(join(backup, name), join(dir, "pg_wal", name));
    },
  },
];

/** Files the folder lock writes while refusing; everything else must stay byte for byte. */
const lockFiles = /(^|\/)(care\.lock|postmaster\.pid)$/;

async function folderState(dir: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    if (lockFiles.test(name)) continue;
    state.set(
      name,
      entry.isFile()
        ? createHash("sha256")
            .update(await readFile(path))
            .digest("hex")
        : entry.isDirectory()
          ? "dir"
          : "other",
    );
  }
  return state;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((name) => before.get(name) !== after.get(name))
    .map((name) => (!before.has(name) ? `+${name}` : !after.has(name) ? `-${name}` : `~${name}`));
}

it("a damaged PGlite folder is refused with a non-zero exit and nothing re-initialised", async () => {
  await scenario({ order: 8, scenario: "damaged data folder", database: "PGlite" }, async (row, checks) => {
    const main = await writeDeployment("damaged");
    const root = await scratchDir();
    let refused = 0;
    let untouched = 0;
    const refusals: string[] = [];

    for (const [index, damage] of damages.entries()) {
      const trial = index + 1;
      const label = `trial ${trial} (${damage.name})`;
      row.trials = trial;
      const dataDir = join(root, `damaged-${trial}`);
      const backup = join(root, `damaged-${trial}-backup`);
      await rm(backup, { recursive: true, force: true });
      await mkdir(backup, { recursive: true });
      const env = { CARE_DATA_DIR: dataDir };

      let { deployment, api } = await serve(main, env);
      const facilityId = await api.createFacility(`Damaged Ward ${trial}`);
      const load = new WriteLoad(() => [api], facilityId, `damaged ${trial}`);
      await load.writeSome(20);
      checks.check(
        (await deployment.terminate()) === 0,
        `${label}: the deployment stops with exit code 0 before the damage`,
        deployment.exitCode,
      );
      row.acknowledged += load.acknowledged.size;

      await damage.damage(dataDir, backup);
      const damaged = await folderState(dataDir);
      const attempt = startProcess(main, env);
      const code = await attempt.exitWithin(60_000);
      if (code === undefined) await attempt.kill();
      const output = (attempt.stdout + attempt.stderr).trim();
      const servedAnyway = /is running at/.test(output);
      const refusedNow = code !== undefined && code !== null && code !== 0 && !servedAnyway;
      if (refusedNow) refused += 1;
      checks.check(
        refusedNow,
        `${label}: the start is refused with a non-zero exit`,
        servedAnyway ? "it started and served" : code === undefined ? "still running after 60 s" : `exit ${code}`,
      );
      checks.check(output.includes(dataDir), `${label}: the message names the folder`, output.split("\n").slice(-2).join(" ⏎ "));
      refusals.push(`${damage.name} → ${/could not start: (\w+)/.exec(output)?.[1] ?? (servedAnyway ? "served" : `exit ${code}`)}`);

      const after = await folderState(dataDir);
      const changed = changes(damaged, after);
      if (changed.length === 0) untouched += 1;
      checks.check(
        changed.length === 0,
        `${label}: nothing in the folder was written or re-initialised`,
        changed.slice(0, 8).join(", ") + (changed.length > 8 ? `, … (${changed.length})` : ""),
      );

      // Put the damaged part back: the data must all be there, since nothing was re-initialised.
      await damage.repair(dataDir, backup);
      try {
        ({ deployment, api } = await serve(main, env));
      } catch (error) {
        checks.check(
          false,
          `${label}: once repaired, the folder opens again`,
          (error as Error).message.split("\n").slice(0, 6).join(" ⏎ "),
        );
        row.lost += load.acknowledged.size;
        continue;
      }
      const present = new Set((await api.patients(facilityId).catch(() => [])).map((patient) => patient.id));
      const lost = [...load.acknowledged.keys()].filter((id) => !present.has(id));
      row.lost += lost.length;
      checks.check(
        lost.length === 0,
        `${label}: once repaired, every write from before the damage is there`,
        `${lost.length} of ${load.acknowledged.size} missing`,
      );
      checks.check((await deployment.terminate()) === 0, `${label}: stops with exit code 0 after the repair`, deployment.exitCode);
    }

    row.duplicated = null;
    row.recovered = `refused ${refused}/${damages.length}, folder untouched ${untouched}/${damages.length}`;
    row.notes = [
      `20 patients written and a clean stop, then: ${damages.map((damage) => damage.name).join(", ")}; after the refusal the damaged ` +
        `part is put back and every patient must be there`,
      `refusals: ${refusals.join(", ")}`,
    ];
  });
});
