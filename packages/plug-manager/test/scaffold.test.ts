import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { readPlugBlock } from "@care/runtime/tooling";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CareCliError } from "../src/cli-error.js";
import { scaffoldDeployment } from "../src/scaffold/deployment.js";
import { initWorkspace } from "../src/scaffold/init.js";
import { scaffoldPlug } from "../src/scaffold/plug.js";
import { patientTabText } from "./scaffold-tab-browser.js";
import { care, copyWorkspace, expectSuccess, install, sourceRoot } from "./temp-workspace.js";

/** Every file under `dir` with its content, to prove that a refusal wrote nothing. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = entry.isFile() ? await readFile(path, "utf8") : "<dir>";
  }
  return files;
}

/** The error a call throws (failing when it does not throw). */
async function refusal(call: () => Promise<unknown>): Promise<CareCliError> {
  const error = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, "expected a refusal").toBeInstanceOf(CareCliError);
  return error as CareCliError;
}

describe("care plug new / care deployment new: refusals and files", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "care-scaffold-"));
    await writeFile(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n  - plugs/*\n  - apps/*\n");
    await mkdir(join(root, ".changeset"));
    await writeFile(join(root, ".changeset", "config.json"), "{}\n");
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("refuses a bad plug id, saying the rule and what to type instead, and writes nothing", async () => {
    const before = await snapshot(root);
    const cases: Array<[string, RegExp]> = [
      ["Vital-Signs", /try: pnpm care plug new vital_signs/],
      ["lab-orders", /try: pnpm care plug new lab_orders/],
      ["1lab", /try: pnpm care plug new lab/],
      ["a".repeat(33), new RegExp(`try: pnpm care plug new ${"a".repeat(32)}$`)],
      ["", /e\.g\. pnpm care plug new vital_signs/],
      ["../escape", /try: pnpm care plug new escape/],
    ];
    for (const [id, hint] of cases) {
      const error = await refusal(() => scaffoldPlug({ root, id }));
      expect(error.message).toContain(`"${id}" is not a plug id: use 1-32 lowercase letters, digits or '_', starting with a letter`);
      expect(error.hint).toMatch(hint);
    }
    expect(await snapshot(root)).toEqual(before);
  });

  it("refuses a bad deployment name, saying the rule and what to type instead, and writes nothing", async () => {
    const before = await snapshot(root);
    const cases: Array<[string, RegExp]> = [
      ["District_North", /try: pnpm care deployment new district-north/],
      ["9-district", /try: pnpm care deployment new district/],
      ["d".repeat(64), new RegExp(`try: pnpm care deployment new ${"d".repeat(63)}$`)],
      ["", /e\.g\. pnpm care deployment new district-north/],
      ["apps/x", /try: pnpm care deployment new apps-x/],
    ];
    for (const [name, hint] of cases) {
      const error = await refusal(() => scaffoldDeployment({ root, name }));
      expect(error.message).toContain(
        `"${name}" is not a deployment name: use 1-63 lowercase letters, digits or '-', starting with a letter`,
      );
      expect(error.hint).toMatch(hint);
    }
    expect(await snapshot(root)).toEqual(before);
  });

  it("refuses a folder that exists, or a plug id, package or changeset already taken, and writes nothing", async () => {
    await mkdir(join(root, "plugs", "lab"), { recursive: true });
    await writeFile(join(root, "plugs", "lab", "notes.txt"), "mine\n");
    await mkdir(join(root, "plugs", "lab-orders"));
    await writeFile(
      join(root, "plugs", "lab-orders", "package.json"),
      JSON.stringify({ name: "@care-plugs/lab-orders", care: { plug: { id: "orders" } } }),
    );
    await mkdir(join(root, "plugs", "renamed"));
    await writeFile(join(root, "plugs", "renamed", "package.json"), JSON.stringify({ name: "@care-plugs/vitals" }));
    await writeFile(join(root, ".changeset", "triage-new-plug.md"), "---\n---\n");
    await mkdir(join(root, "apps", "district"), { recursive: true });
    await writeFile(join(root, "apps", "district", "plug.config.ts"), "export default {};\n");
    const before = await snapshot(root);

    const folder = await refusal(() => scaffoldPlug({ root, id: "lab" }));
    expect(folder.message).toBe("plugs/lab already exists: a plug (or something else) is already there");
    expect(folder.hint).toBe("choose another id, or move plugs/lab away first");
    expect((await refusal(() => scaffoldPlug({ root, id: "orders" }))).message).toBe(
      'plugs/lab-orders (@care-plugs/lab-orders) already has the plug id "orders"',
    );
    expect((await refusal(() => scaffoldPlug({ root, id: "vitals" }))).message).toBe(
      "plugs/renamed is already the package @care-plugs/vitals",
    );
    const pending = await refusal(() => scaffoldPlug({ root, id: "triage" }));
    expect(pending.message).toBe(".changeset/triage-new-plug.md already exists: a changeset for a plug of this id is pending");
    const app = await refusal(() => scaffoldDeployment({ root, name: "district" }));
    expect(app.message).toBe("apps/district already exists: a deployment (or something else) is already there");
    expect(app.hint).toBe("choose another name, or move apps/district away first");

    expect(await snapshot(root)).toEqual(before);
  });

  it("refuses a folder that is not a workspace root, or one whose pnpm-workspace.yaml leaves out plugs/*", async () => {
    const elsewhere = join(root, "packages");
    await mkdir(elsewhere);
    const notRoot = await refusal(() => scaffoldPlug({ root: elsewhere, id: "vitals" }));
    expect(notRoot.message).toBe(`${elsewhere} is not the root of a Care workspace: it has no pnpm-workspace.yaml`);
    expect(notRoot.hint).toMatch(/run this from the workspace root/);

    await writeFile(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n  - apps/*\n");
    const before = await snapshot(root);
    const unlisted = await refusal(() => scaffoldPlug({ root, id: "vitals" }));
    expect(unlisted.message).toBe("pnpm-workspace.yaml does not list plugs/*, so pnpm would not see the new package");
    expect(await snapshot(root)).toEqual(before);
  });

  it("writes a plug with its care.plug block, and a deployment with no plugs, and lists what it wrote", async () => {
    const version = async (name: string) =>
      JSON.parse(await readFile(join(sourceRoot, "packages", name, "package.json"), "utf8")).version as string;
    const plug = await scaffoldPlug({ root, id: "vital_signs" });
    expect(plug).toEqual({
      dir: join(root, "plugs", "vital_signs"),
      packageName: "@care-plugs/vital_signs",
      files: [
        "plugs/vital_signs/package.json",
        "plugs/vital_signs/src/index.ts",
        "plugs/vital_signs/src/plug.ts",
        "plugs/vital_signs/src/config.ts",
        "plugs/vital_signs/src/signals/note-new-patient.ts",
        "plugs/vital_signs/src/routes/list-patient-notes.ts",
        "plugs/vital_signs/migrations/install.sql",
        "plugs/vital_signs/src/ui/index.tsx",
        "plugs/vital_signs/src/ui/client.ts",
        "plugs/vital_signs/src/ui/translations.ts",
        "plugs/vital_signs/src/ui/patient-notes-tab.tsx",
        "plugs/vital_signs/test/vital_signs.test.ts",
        "plugs/vital_signs/test/vital_signs-ui.test.ts",
        "plugs/vital_signs/tsconfig.json",
        "plugs/vital_signs/tsup.config.ts",
        "plugs/vital_signs/vitest.config.ts",
        ".changeset/vital_signs-new-plug.md",
        "plugs/vital_signs/src/tables.generated.ts",
      ],
      nextSteps: [
        "pnpm install",
        "pnpm --filter @care-plugs/vital_signs test",
        "pnpm care plug add @care-plugs/vital_signs -d <deployment>",
      ],
    });
    const packageJson = JSON.parse(await readFile(join(plug.dir, "package.json"), "utf8"));
    expect(packageJson).toMatchObject({
      name: "@care-plugs/vital_signs",
      version: "0.1.0",
      files: ["dist", "migrations"],
      // The SDK is the deployment's one copy: a peer, and a dev dependency to build and test with.
      peerDependencies: { "@care/plug-sdk": `^${await version("plug-sdk")}` },
      devDependencies: { "@care/plug-sdk": `^${await version("plug-sdk")}` },
    });
    expect(packageJson.dependencies).not.toHaveProperty("@care/plug-sdk");
    expect(readPlugBlock(packageJson)).toEqual({
      id: "vital_signs",
      core: ">=0.1.0 <1.0.0",
      contract: "^1.0.0",
      dependencies: {},
      coreReads: { patients: ["id"], facilities: ["id"] },
      hooks: [],
      hosts: [],
      ui: "./ui",
    });
    expect(await readFile(join(plug.dir, "src", "config.ts"), "utf8")).toContain("export const vitalSignsConfig = z.object({");
    expect(await readFile(join(root, ".changeset", "vital_signs-new-plug.md"), "utf8")).toMatch(
      /^---\n"@care-plugs\/vital_signs": major\n---\n\nFirst release of the `vital_signs` plug: /,
    );

    const deployment = await scaffoldDeployment({ root, name: "district-north" });
    expect(deployment.files).toEqual(
      [
        "package.json",
        "plug.config.ts",
        "src/plugs.generated.ts",
        "src/main.ts",
        "test/start.test.ts",
        "tsconfig.json",
        "tsup.config.ts",
        "vitest.config.ts",
        "src/ui.generated.ts",
        "vite.config.ts",
      ].map((file) => `apps/district-north/${file}`),
    );
    expect(JSON.parse(await readFile(join(deployment.dir, "package.json"), "utf8"))).toMatchObject({
      name: "@care-deploy/district-north",
      private: true,
      // This root is not the Care repository: the Care packages come from a registry, at this CLI's version.
      // The SDK every plug names as a peer is the deployment's, and a production dependency (a bundle runs the plugs).
      dependencies: { "@care/runtime": `^${await version("runtime")}`, "@care/plug-sdk": `^${await version("plug-sdk")}` },
      // Inlined into dist/main.js at build time, so a bundle never carries the CLI.
      devDependencies: { "@care/plug-manager": `^${await version("plug-manager")}` },
      files: ["dist", "plug.config.ts", "plugs.lock.json"],
    });
    expect(await readFile(join(deployment.dir, "plug.config.ts"), "utf8")).toContain(
      'defineDeployment({\n  name: "district-north",\n  plugs: [],\n})',
    );
    expect(await readFile(join(deployment.dir, "src", "plugs.generated.ts"), "utf8")).toMatch(/^\/\/ Generated by `care sync`/);
    // The plug's table types come from its install.sql built in a scratch PGlite: seconds, more on a busy machine.
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// The real proof: in a copy of this workspace, a new plug and a new deployment install, build,
// type-check and pass their own tests. Slow (a few minutes on two cores): pnpm, tsup, PGlite.

describe("in a copy of the workspace, scaffolded packages build and pass their own tests", () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "care-scaffold-workspace-"));
    await copyWorkspace(workspace);
  }, 60_000);
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("a new plug: install, build with its dependencies, type-check, and its tests pass", async () => {
    await scaffoldPlug({ root: workspace, id: "vital_signs" });
    await install(workspace);
    await expectSuccess(workspace, ["--filter", "@care-plugs/vital_signs...", "build"]);
    await expectSuccess(workspace, ["--filter", "@care-plugs/vital_signs", "typecheck"]);
    const output = await expectSuccess(workspace, ["--filter", "@care-plugs/vital_signs", "test"]);
    // Its route's four, and its patient tab's three (rendered with the route's answer).
    expect(output).toMatch(/Tests\s+7 passed \(7\)/);
  }, 240_000);

  it("a new deployment: install, build with its dependencies, type-check, and its start test passes", async () => {
    await scaffoldDeployment({ root: workspace, name: "district-north" });
    await install(workspace);
    await expectSuccess(workspace, ["--filter", "@care-deploy/district-north...", "build"]);
    expect(existsSync(join(workspace, "apps", "district-north", "dist", "main.js"))).toBe(true);
    await expectSuccess(workspace, ["--filter", "@care-deploy/district-north", "typecheck"]);
    const output = await expectSuccess(workspace, ["--filter", "@care-deploy/district-north", "test"]);
    expect(output).toMatch(/Tests\s+2 passed \(2\)/);
    // It ran on its own data folder, not one inside the app.
    expect(existsSync(join(workspace, "apps", "district-north", ".care"))).toBe(false);
  }, 240_000);

  it("a new plug in a new deployment: its tab shows in Chromium, then broken on purpose it is contained", async () => {
    // The two packages the tests above scaffolded and built; only the deployment's plug.config.ts changes.
    const added = await care(workspace, ["plug", "add", "@care-plugs/vital_signs", "-d", "district-north", "--yes"]);
    expect(added.code, added.output).toBe(0);
    await expectSuccess(workspace, ["--filter", "@care-deploy/district-north...", "build"]);
    // The scaffolded plug notes each registration (its signal handler); its tab lists the notes through its own route.
    const deploymentDir = join(workspace, "apps", "district-north");
    const text = await patientTabText(deploymentDir, "Vital signs", "Registered: Amina Diallo");
    expect(text).toContain("Notes");

    // A deliberately broken screen: the plug's tab throws while rendering. The page contains it and keeps working.
    const tabFile = join(workspace, "plugs", "vital_signs", "src", "ui", "patient-notes-tab.tsx");
    const tabSource = await readFile(tabFile, "utf8");
    const hook = "const { t, locale } = usePlugTranslation();";
    expect(tabSource).toContain(hook);
    await writeFile(tabFile, tabSource.replace(hook, `${hook}\n  if (patientId) throw new Error("a deliberately broken screen");`));
    await expectSuccess(workspace, ["--filter", "@care-deploy/district-north...", "build"]);
    await patientTabText(deploymentDir, "Vital signs", "The vital_signs plug's screen failed", async (page) => {
      await page.getByRole("tab", { name: "Overview" }).click();
      await page.getByRole("heading", { name: "Encounters" }).waitFor();
    });
  }, 560_000);
});

describe("care init: a deployment repository outside this one", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "care-init-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("writes the same build settings as this repository, Care ranges on the CLI's own version, and .npmrc scopes", async () => {
    const result = await initWorkspace({ dir: join(dir, "north-site"), registry: "https://npm.example.org" });
    expect(result.files.sort()).toEqual([
      ".gitignore",
      ".npmrc",
      "package.json",
      "pnpm-workspace.yaml",
      "tsconfig.base.json",
      "tsup.config.base.ts",
      "turbo.json",
    ]);
    for (const same of ["turbo.json", "tsconfig.base.json", "tsup.config.base.ts"]) {
      expect(await readFile(join(dir, "north-site", same), "utf8"), same).toBe(await readFile(join(sourceRoot, same), "utf8"));
    }
    const manifest = JSON.parse(await readFile(join(dir, "north-site/package.json"), "utf8"));
    const ownVersion = JSON.parse(await readFile(join(sourceRoot, "packages/plug-manager/package.json"), "utf8")).version;
    expect(manifest).toMatchObject({ name: "north-site", private: true, devDependencies: { "@care/plug-manager": `^${ownVersion}` } });
    const rootManifest = JSON.parse(await readFile(join(sourceRoot, "package.json"), "utf8"));
    for (const tool of ["turbo", "tsup", "typescript", "vitest"])
      expect(manifest.devDependencies[tool], tool).toBe(rootManifest.devDependencies[tool]);
    expect(await readFile(join(dir, "north-site/.npmrc"), "utf8")).toBe(
      "@care:registry=https://npm.example.org/\n@care-plugs:registry=https://npm.example.org/\n",
    );
    expect(existsSync(join(dir, "north-site/apps"))).toBe(true);

    // A freshly cloned empty repository (only .git) is a fine place to start.
    await mkdir(join(dir, "cloned", ".git"), { recursive: true });
    expect((await initWorkspace({ dir: join(dir, "cloned") })).files).toContain("package.json");
  });

  it("refuses a folder with files in it, a registry that is not an http(s) URL, and credentials in the URL, writing nothing", async () => {
    await writeFile(join(dir, "notes.txt"), "mine\n");
    expect((await refusal(() => initWorkspace({ dir }))).message).toMatch(/is not empty \(notes\.txt\)/);
    expect(await readdir(dir)).toEqual(["notes.txt"]);
    for (const [registry, message] of [
      ["npm.example.org", /is not a URL/],
      ["ftp://npm.example.org/", /must be an http\(s\) URL/],
      ["https://user:secret@npm.example.org/", /must not carry credentials/],
      ["https://npm.example.org/?token=secret", /must not carry credentials or a query/],
    ] as const) {
      expect((await refusal(() => initWorkspace({ dir: join(dir, "site"), registry }))).message).toMatch(message);
      expect(existsSync(join(dir, "site"))).toBe(false);
    }
  });
});
