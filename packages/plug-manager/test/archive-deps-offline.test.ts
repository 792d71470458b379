import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canCutNetwork, startBundleOffline } from "@care/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { care, childEnv, cliPath, copyWorkspace, install, run, sourceRoot } from "./temp-workspace.js";

/** The small real npm package the plug uses, and the one it needs in turn: in the workspace's lockfile, so packing stays offline. */
const dependency = { name: "to-regex-range", version: "5.0.1", needs: "is-number" };

/** A route of the plug that answers with what the dependency computes. */
const rangeRoute = `import toRegexRange from "to-regex-range";
import { z } from "zod";
import { ranges } from "../plug.js";

export const numberRange = ranges.route.get(
  "/range/:min/:max",
  {
    summary: "A regular expression matching the whole numbers from min to max",
    params: z.object({ min: z.coerce.number().int(), max: z.coerce.number().int() }),
    responses: { 200: z.object({ pattern: z.string() }) },
  },
  async ({ params }) => ({ pattern: toRegexRange(params.min, params.max) }),
);
`;
/** to-regex-range ships no types of its own. */
const rangeTypes = `declare module "to-regex-range" {
  export default function toRegexRange(min: number | string, max?: number | string): string;
}
`;

const python = spawnSync("python3", ["-c", "import sqlite3"]).status === 0;

/**
 * A pnpm store for the site: the machine's store as hard links, less the dependency and the one it
 * needs (their rows of the store's index), so that only the archive can bring them. pnpm's own
 * offline refusal of an archive packed without them shows the store really lacks them.
 */
function storeWithout(target: string, names: string[]): void {
  const source = execFileSync("pnpm", ["store", "path"], { cwd: sourceRoot, encoding: "utf8" }).trim();
  execFileSync("mkdir", ["-p", join(target, "v11")]);
  execFileSync("cp", ["-al", join(source, "files"), join(target, "v11/files")]);
  const script = `
import sqlite3, sys
source, target, names = sys.argv[1], sys.argv[2], sys.argv[3:]
copy = sqlite3.connect(target)
sqlite3.connect(source).backup(copy)
for name in names:
    pattern = "%\\t" + name + "@%"
    copy.execute("delete from package_index where key like ?", (pattern,))
    copy.execute("delete from package_index_alias where key like ? or target like ?", (pattern, pattern))
copy.commit()
`;
  execFileSync("python3", ["-c", script, join(source, "index.db"), join(target, "v11/index.db"), ...names]);
}

/** `care` inside a network namespace with loopback only, pnpm told to stay offline. */
function careOffline(cwd: string, args: string[]): { code: number | null; output: string } {
  const result = spawnSync("unshare", ["-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", process.execPath, cliPath, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...childEnv(), DATABASE_URL: "", CARE_DATA_DIR: "", pnpm_config_offline: "true" },
    timeout: 600_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * The whole path of a plug with a real npm dependency: packed in the author's workspace, carried to a
 * site whose pnpm store holds what Care needs and not that dependency, added there with the network
 * cut off, bundled, and its route answers with what the dependency computes.
 */
// About 8 minutes (two workspace copies, a site store, a bundle), so it runs when asked:
// CARE_SLOW_TESTS=1 pnpm exec vitest run test/archive-deps-offline.test.ts. CI's suite keeps pack-bundle's
// shorter proof: the same signed archive added with care plug add, with the network cut off and an empty store.
const asked = process.env.CARE_SLOW_TESTS === "1";

describe.skipIf(!asked || !canCutNetwork || !python)("an archive's dependencies travel with it to an offline site", () => {
  let scratch: string;
  let author: string;
  let site: string;
  const archive = "care-plugs-ranges-0.1.0.tgz";

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "care-archive-deps-"));
    author = join(scratch, "author");
    site = join(scratch, "site");

    await mkdir(author);
    await copyWorkspace(author);
    expect((await care(author, ["plug", "new", "ranges"])).code).toBe(0);
    const manifestPath = join(author, "plugs/ranges/package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.dependencies[dependency.name] = dependency.version;
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(author, "plugs/ranges/src/routes/number-range.ts"), rangeRoute);
    await writeFile(join(author, "plugs/ranges/src/to-regex-range.d.ts"), rangeTypes);
    const index = join(author, "plugs/ranges/src/index.ts");
    await writeFile(
      index,
      (await readFile(index, "utf8"))
        .replace(
          'import { listPatientNotes } from "./routes/list-patient-notes.js";',
          '$&\nimport { numberRange } from "./routes/number-range.js";',
        )
        .replace("routes: [listPatientNotes]", "routes: [listPatientNotes, numberRange]"),
    );
    await install(author);
    const built = await run(
      author,
      ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", "@care-plugs/ranges..."],
      900_000,
    );
    expect(built.code, built.output).toBe(0);

    // The site: the Care packages and what they need, without the tools whose dependencies include the plug's.
    await mkdir(site);
    await copyWorkspace(site);
    const rootJson = JSON.parse(await readFile(join(site, "package.json"), "utf8"));
    delete rootJson.devDependencies["@changesets/cli"];
    await writeFile(join(site, "package.json"), `${JSON.stringify(rootJson, null, 2)}\n`);
    const cliJson = JSON.parse(await readFile(join(site, "packages/plug-manager/package.json"), "utf8"));
    delete cliJson.devDependencies.verdaccio;
    await writeFile(join(site, "packages/plug-manager/package.json"), `${JSON.stringify(cliJson, null, 2)}\n`);
    storeWithout(join(scratch, "site-store"), [dependency.name, dependency.needs]);
    await writeFile(
      join(site, "pnpm-workspace.yaml"),
      `${await readFile(join(site, "pnpm-workspace.yaml"), "utf8")}\nstoreDir: ${JSON.stringify(join(scratch, "site-store"))}\n`,
    );
    // Offline only: falling back to the registry would hide a store that is missing something.
    const installed = await run(site, ["install", "--offline", "--no-frozen-lockfile"], 600_000);
    expect(installed.code, installed.output).toBe(0);
    expect(await readFile(join(site, "pnpm-lock.yaml"), "utf8")).not.toContain(`${dependency.name}@`);
    // A site's Care packages are built (an archive plug is loaded against the SDK at once; nothing builds it then).
    const siteBuilt = await run(
      site,
      ["exec", "turbo", "run", "build", "--output-logs=errors-only", "--filter", "@care/plug-sdk..."],
      900_000,
    );
    expect(siteBuilt.code, siteBuilt.output).toBe(0);
    for (const name of ["site", "other"]) {
      expect((await care(site, ["deployment", "new", name])).code).toBe(0);
      const config = join(site, `apps/${name}/plug.config.ts`);
      await writeFile(
        config,
        (await readFile(config, "utf8")).replace("plugs: [],", 'trust: { unsigned: ["workspace", "file"] },\n  plugs: [],'),
      );
    }
    await mkdir(join(site, "vendor"));
  }, 1_200_000);
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("care pack bundles the dependency; the site adds it with the network cut off, bundles, and the plug's route answers", async () => {
    const packed = await care(author, ["pack", "plugs/ranges", "-o", "vendor"]);
    expect(packed.code, packed.output).toBe(0);
    expect(packed.output).toContain(`${dependency.needs}@7.0.0, ${dependency.name}@${dependency.version}`);
    for (const file of [archive, `${archive}.sha256`]) {
      await writeFile(join(site, "vendor", file), await readFile(join(author, "vendor", file)));
    }
    const verified = await care(site, ["verify", `vendor/${archive}`, "-d", "site"]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain("installs offline");

    const added = careOffline(site, ["plug", "add", `./vendor/${archive}`, "-d", "site", "--yes"]);
    expect(added.code, added.output).toBe(0);
    expect(await readFile(join(site, "pnpm-lock.yaml"), "utf8")).toContain("bundledDependencies");

    const bundled = await care(site, ["bundle", "-d", "site"], 900_000);
    expect(bundled.code, bundled.output).toBe(0);
    const route = "/api/plugs/ranges/range/1/99";
    const started = await startBundleOffline(join(site, "apps/site/bundle/site.tgz"), "site", [route]);
    await rm(started.site, { recursive: true, force: true });
    expect(started.routes[route], started.output).toEqual({ status: 200, body: JSON.stringify({ pattern: "(?:[1-9]|[1-9][0-9])" }) });
    expect(started.outside).toBe("unreachable");
  }, 1_200_000);

  it("the same plug packed with --no-bundle: care verify names the dependency, and pnpm refuses it offline at the site", async () => {
    const packed = await care(author, ["pack", "plugs/ranges", "-o", "plain", "--no-bundle"]);
    expect(packed.code, packed.output).toBe(0);
    for (const file of [archive, `${archive}.sha256`]) {
      await mkdir(join(site, "plain"), { recursive: true });
      await writeFile(join(site, "plain", file), await readFile(join(author, "plain", file)));
    }
    // zod, which every plug uses, is in the site's lockfile (Care needs it too); only the new dependency is missing.
    const verified = await care(site, ["verify", `plain/${archive}`, "-d", "other"]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain(`needs the network for: ${dependency.name}@${dependency.version}\n`);

    const before = await readFile(join(site, "apps/other/plug.config.ts"), "utf8");
    const refused = careOffline(site, ["plug", "add", `./plain/${archive}`, "-d", "other", "--yes"]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/fetch tarball for (to-regex-range@5\.0\.1|is-number@7\.0\.0)[\s\S]*in offline\s+mode/);
    expect(await readFile(join(site, "apps/other/plug.config.ts"), "utf8")).toBe(before);
  }, 600_000);
});
