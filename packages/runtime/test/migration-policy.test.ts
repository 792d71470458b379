import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkPlugMigration } from "../src/migrations/statement-policy.js";
import { readMigrationCases, refusedMigration } from "./migration-cases.js";

const repository = fileURLToPath(new URL("../../../", import.meta.url));

/** Every `.sql` file under each first-party plug's migrations folder, with the plug's id. */
async function firstPartyMigrations(): Promise<Array<{ id: string; file: string; sql: string }>> {
  const found = [];
  for (const folder of await readdir(join(repository, "plugs"))) {
    const root = join(repository, "plugs", folder);
    const { care } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { care: { plug: { id: string } } };
    const files = await readdir(join(root, "migrations"), { recursive: true }).catch(() => [] as string[]);
    for (const file of files.filter((name) => name.endsWith(".sql")).sort()) {
      found.push({
        id: care.plug.id,
        file: `plugs/${folder}/migrations/${file}`,
        sql: await readFile(join(root, "migrations", file), "utf8"),
      });
    }
  }
  return found;
}

describe("the migration policy passes what plugs need", () => {
  it("passes every first-party plug's migration files", async () => {
    const files = await firstPartyMigrations();
    expect(files.map((file) => file.file)).toEqual(
      expect.arrayContaining(["plugs/lab/migrations/install.sql", "plugs/lab/migrations/upgrade/1.1.0_1.2.0.sql"]),
    );
    for (const { id, file, sql } of files) expect([file, await checkPlugMigration(sql, id)]).toEqual([file, undefined]);
  });

  it("passes the install.sql that `care plug new` writes", async () => {
    // A copy of what plug-manager's scaffold writes for plug vitals (the runtime does not depend on
    // plug-manager); plug-manager's scaffold test migrates a freshly scaffolded plug, which checks the real one.
    const scaffolded = await readFile(new URL("fixtures/scaffold-install.sql", import.meta.url), "utf8");
    expect(await checkPlugMigration(scaffolded, "vitals")).toBeUndefined();
  });

  it("passes tables, types, views, SQL and PL/pgSQL functions, triggers, DO blocks and data changes in the plug's schema", async () => {
    const sql = await readFile(new URL("fixtures/everything-allowed.sql", import.meta.url), "utf8");
    expect(await checkPlugMigration(sql, "good")).toBeUndefined();
    expect(await checkPlugMigration("create table plug_good.t (id int);", "good")).toBeUndefined();
  });
});

/** Each heading of the file (leaving the role, dynamic SQL...) with the migrations under it; the plug is "evil". */
const refused = await readMigrationCases("refused-migrations.yaml", z.record(z.string(), z.array(refusedMigration)));

describe("the migration policy refuses, with the line and the reason", () => {
  for (const [heading, cases] of Object.entries(refused)) {
    describe(heading, () => {
      for (const { what, script, line, reason } of cases) {
        it(`refuses a migration that ${what}`, async () => {
          const refusal = await checkPlugMigration(script, "evil");
          expect(refusal).toMatchObject({ line });
          expect(refusal?.reason.startsWith(reason), refusal?.reason).toBe(true);
          expect(refusal?.reason).toMatch(/is not allowed in a plug migration \(.+\); \S/);
        });
      }
    });
  }
});
