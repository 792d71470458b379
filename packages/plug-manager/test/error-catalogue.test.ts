// The error catalogue (docs/errors.md) lists every code the source uses, once, and is what
// scripts/error-catalogue.mjs generates from the packages' src/errors/catalogue.ts lists.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { catalogueProblems, readCatalogues, renderCatalogue } from "../../../scripts/error-catalogue.mjs";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

describe("the error catalogue", () => {
  it("lists every code used in packages/*/src and plugs/*/src once, and docs/errors.md is current", async () => {
    // On failure: add the code to its package's src/errors/catalogue.ts, then run node scripts/error-catalogue.mjs.
    expect(await catalogueProblems(repositoryRoot)).toEqual([]);
  });

  it("gives every code an anchor in docs/errors.md under its package", async () => {
    const text = renderCatalogue(await readCatalogues(repositoryRoot));
    expect(text).toContain("## @care/core");
    expect(text).toContain("### `validation_failed`");
    expect(text).toContain("[`plug_check_failed`](#plug_check_failed)");
  });

  const scratch: string[] = [];
  afterEach(async () => {
    for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const write = async (root: string, file: string, text: string) => {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  };

  it("fails on an uncatalogued code, a code listed twice, a CareCliError without a code and a stale docs/errors.md", async () => {
    const root = await mkdtemp(join(tmpdir(), "care-catalogue-"));
    scratch.push(root);
    await write(root, "packages/a/package.json", JSON.stringify({ name: "@x/a" }));
    await write(root, "packages/b/package.json", JSON.stringify({ name: "@x/b" }));
    const entry = (code: string) => `{ code: "${code}", summary: "s", fix: "f" }`;
    await write(root, "packages/a/src/errors/catalogue.ts", `export const aErrors = [${entry("known")}, ${entry("twice")}] as const;\n`);
    await write(root, "packages/b/src/errors/catalogue.ts", `export const bErrors = [${entry("twice")}] as const;\n`);
    await write(
      root,
      "packages/b/src/thing.ts",
      [
        'throw new CareCliError("fine", { code: "known" });',
        'throw errorBody("unlisted_code", "said");',
        'throw new CareCliError(`no code`, { hint: "a hint" });',
        '// code: "in_a_comment" is not a use',
      ].join("\n"),
    );
    const problems = await catalogueProblems(root);
    expect(problems).toEqual([
      "twice is listed twice: in packages/a/src/errors/catalogue.ts and packages/b/src/errors/catalogue.ts; keep one",
      "unlisted_code (used in packages/b/src/thing.ts) is in no catalogue: add it to that package's src/errors/catalogue.ts",
      `a CareCliError without a code: packages/b/src/thing.ts: new CareCliError(\`no code\`, { hint: "a hint" })… ` +
        '(give it { code: "..." } and list it)',
      "docs/errors.md is stale: run node scripts/error-catalogue.mjs",
    ]);
  });
});
