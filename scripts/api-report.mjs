// API reports of the public packages (API Extractor), committed under each package's etc/ so a change
// to a public API shows in review. `node scripts/api-report.mjs` checks them (fails when a report
// differs from the built declarations); `--update` rewrites them. Run after `pnpm build`: it reads
// each package's dist/*.d.ts.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const update = process.argv.includes("--update");

/** Each public entry point: the package folder, its declaration file, and the report's name. */
const entries = [
  { dir: "packages/plug-api", entry: "dist/index.d.ts", report: "plug-api" },
  { dir: "packages/plug-api", entry: "dist/ui/index.d.ts", report: "plug-api-ui" },
  { dir: "packages/plug-sdk", entry: "dist/index.d.ts", report: "plug-sdk" },
  { dir: "packages/plug-sdk", entry: "dist/testing/index.d.ts", report: "plug-sdk-testing" },
  { dir: "packages/runtime", entry: "dist/index.d.ts", report: "runtime" },
  { dir: "packages/runtime", entry: "dist/tooling.d.ts", report: "runtime-tooling" },
  { dir: "packages/runtime", entry: "dist/check-tooling.d.ts", report: "runtime-check-tooling" },
  { dir: "packages/runtime", entry: "dist/supervision.d.ts", report: "runtime-supervision" },
  { dir: "packages/core", entry: "dist/index.d.ts", report: "core" },
  { dir: "packages/core", entry: "dist/plug-errors.d.ts", report: "core-errors" },
  { dir: "packages/plug-manager", entry: "dist/index.d.ts", report: "plug-manager" },
  { dir: "packages/plug-manager", entry: "dist/tooling.d.ts", report: "plug-manager-tooling" },
  { dir: "packages/web", entry: "dist/vite/index.d.ts", report: "web-vite" },
];

const stale = "differs from its committed report; run `pnpm api:update` and commit etc/";
let failed = 0;
for (const { dir, entry, report } of entries) {
  const packageFolder = join(root, dir);
  const entryPath = join(packageFolder, entry);
  if (!existsSync(entryPath)) {
    console.error(`api-report: ${dir}/${entry} is missing; run \`pnpm build\` first`);
    failed += 1;
    continue;
  }
  mkdirSync(join(packageFolder, "etc"), { recursive: true });
  const config = ExtractorConfig.prepare({
    configObjectFullPath: join(packageFolder, "api-extractor.json"),
    packageJsonFullPath: join(packageFolder, "package.json"),
    configObject: {
      projectFolder: packageFolder,
      mainEntryPointFilePath: entryPath,
      // Types from other workspace packages (the core's, in the contract) appear as references, not copies.
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            skipLibCheck: true,
            types: ["node"],
          },
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${report}.api.md`,
        reportFolder: join(packageFolder, "etc"),
        reportTempFolder: join(root, "node_modules", ".cache", "api-report", report),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // Our comments are prose, not TSDoc; forgotten exports and release tags are not policy here.
        tsdocMessageReporting: { default: { logLevel: "none" } },
        extractorMessageReporting: {
          default: { logLevel: "warning" },
          "ae-missing-release-tag": { logLevel: "none" },
          "ae-undocumented": { logLevel: "none" },
          "ae-forgotten-export": { logLevel: "none" },
          "ae-internal-missing-underscore": { logLevel: "none" },
        },
        compilerMessageReporting: { default: { logLevel: "warning" } },
      },
    },
  });
  let result;
  try {
    result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  } catch (error) {
    console.error(`api-report: ${dir} (${report}.api.md) could not be read: ${error.message}; run \`pnpm build\` first`);
    failed += 1;
    continue;
  }
  if (!result.succeeded || (!update && result.apiReportChanged)) {
    console.error(`api-report: ${dir} (${report}.api.md) ${result.apiReportChanged ? stale : "failed"}`);
    failed += 1;
  }
}
if (failed > 0) process.exit(1);
console.log(update ? "api-report: reports written" : "api-report: every report matches");
