import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteMajor } from "../src/db/embedded/check-data-folder.js";
import { DataFolderError, migrateCore, openDatabase } from "../src/index.js";
import { snapshotFolder } from "@care/test-support";

// PGlite folders only; DATABASE_URL plays no part, so this runs the same on the PostgreSQL pass.
describe("a PGlite data folder: one owner, and refused rather than re-initialised", () => {
  let root: string;
  let template: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "care-data-folder-"));
    template = join(root, "template");
    const database = await openDatabase({ dataDir: template });
    await migrateCore(database.db);
    await database.close();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const copyOfTemplate = async (name: string) => {
    const dir = join(root, name);
    await cp(template, dir, { recursive: true });
    return dir;
  };
  const refusal = (dataDir: string) =>
    openDatabase({ dataDir }).then(
      async (opened) => {
        await opened.close();
        throw new Error(`${dataDir} was opened`);
      },
      (error: unknown) => error as DataFolderError,
    );

  it("initialises a new folder with PGlite's PostgreSQL major version, and an empty one holding only its lock file", async () => {
    expect((await readFile(join(template, "PG_VERSION"), "utf8")).trim()).toBe(pgliteMajor);
    const onlyLock = join(root, "only-lock");
    await mkdir(onlyLock);
    await writeFile(join(onlyLock, "care.lock"), "");
    const opened = await openDatabase({ dataDir: onlyLock });
    await opened.close();
    expect((await readFile(join(onlyLock, "PG_VERSION"), "utf8")).trim()).toBe(pgliteMajor);
  });

  it("refuses to initialise a missing folder a killed restore left beside it, and opens once it is moved back", async () => {
    // What care restore leaves when killed after moving the database aside, before moving the restored one in.
    const dataDir = join(root, "interrupted");
    const before = join(root, "interrupted.replaced-2026-12-03T01-00-00-000Z-abc123");
    const restored = join(root, "interrupted.restoring-2026-12-03T01-00-00-000Z-abc123");
    await cp(template, before, { recursive: true });
    await cp(template, restored, { recursive: true });
    const refused = await refusal(dataDir);
    expect(refused).toMatchObject({ code: "data_folder_restore_interrupted", path: dataDir });
    expect(refused.message).toContain(`the one from before the restore (mv ${before} ${dataDir})`);
    expect(refused.message).toContain(`the restored one (mv ${restored} ${dataDir})`);
    expect(await readdir(root)).not.toContain("interrupted");

    await rename(before, dataDir);
    const opened = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from care_system.core_migrations`.execute(opened.db);
      expect(rows[0]!.count).toBeGreaterThan(0);
    } finally {
      await opened.close();
    }
  });

  it("lets one opener at a time have a folder, even within one process, and the next one in after close", async () => {
    const dataDir = await copyOfTemplate("owned");
    const first = await openDatabase({ dataDir });
    try {
      const refused = await refusal(dataDir);
      expect(refused).toBeInstanceOf(DataFolderError);
      expect(refused).toMatchObject({ code: "data_folder_in_use", path: dataDir });
      expect(refused.message).toContain(`the data folder ${dataDir} is in use by process ${process.pid} (`);
      expect(refused.message).toMatch(/since \d{4}-\d\d-\d\dT/);
      expect((await sql<{ one: number }>`select 1 as one`.execute(first.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await first.close();
    }
    const next = await openDatabase({ dataDir });
    await next.close();
  });

  const damages: { name: string; damage(dir: string): Promise<void>; code: string; names: (dir: string) => string }[] = [
    {
      name: "PG_VERSION missing",
      damage: (dir) => unlink(join(dir, "PG_VERSION")),
      code: "data_folder_damaged",
      names: (dir) => `${join(dir, "PG_VERSION")} is missing`,
    },
    {
      name: "PG_VERSION of another major",
      damage: (dir) => writeFile(join(dir, "PG_VERSION"), "16\n"),
      code: "data_folder_version_mismatch",
      names: (dir) => `holds a PostgreSQL 16 database (${join(dir, "PG_VERSION")})`,
    },
    {
      name: "global/pg_control overwritten with garbage",
      damage: (dir) => writeFile(join(dir, "global", "pg_control"), randomBytes(8192)),
      code: "data_folder_damaged",
      names: (dir) => `${join(dir, "global", "pg_control")} is not a PostgreSQL ${pgliteMajor} control file`,
    },
    {
      name: "global/pg_control with a sound header and a corrupted body",
      damage: async (dir) => {
        const path = join(dir, "global", "pg_control");
        const bytes = await readFile(path);
        randomBytes(200).copy(bytes, 16);
        await writeFile(path, bytes);
      },
      code: "data_folder_unreadable",
      names: (dir) =>
        `PGlite could not open the database in ${dir}: ` +
        "PGlite failed to initialize properly (PostgreSQL: FATAL: incorrect checksum in control file)",
    },
    {
      name: "base/ missing",
      damage: (dir) => rm(join(dir, "base"), { recursive: true }),
      code: "data_folder_damaged",
      names: (dir) => `the folder ${join(dir, "base")} (the tables) is missing`,
    },
  ];

  it.each(damages)(
    "refuses a database with $name, naming the file, and leaves the folder as it was",
    async ({ name, damage, code, names }) => {
      const dataDir = await copyOfTemplate(name.replace(/\W+/g, "-"));
      await damage(dataDir);
      const before = await snapshotFolder(dataDir);
      const refused = await refusal(dataDir);
      expect(refused).toMatchObject({ code });
      expect(refused.message).toContain(names(dataDir));
      if (code !== "data_folder_version_mismatch")
        expect(refused.message).toContain("restore it from a backup, or set CARE_DATA_DIR to an empty or new folder");
      expect(await snapshotFolder(dataDir)).toEqual(before);
    },
  );

  it("refuses a folder of other files without writing into it, and a file where the folder should be", async () => {
    const other = join(root, "other-files");
    await mkdir(other);
    await writeFile(join(other, "notes.txt"), "not a database");
    const refused = await refusal(other);
    expect(refused).toMatchObject({ code: "data_folder_not_a_database", path: other });
    expect(refused.message).toContain(`${other} is not empty (notes.txt) and is not a PostgreSQL data folder`);
    expect(await readdir(other)).toEqual(["notes.txt"]);

    const file = join(other, "notes.txt");
    expect(await refusal(file)).toMatchObject({
      code: "data_folder_not_a_database",
      message: `${file} is a file, not a folder: set CARE_DATA_DIR to a folder`,
    });
  });
});
