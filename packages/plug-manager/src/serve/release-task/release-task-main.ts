import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { CareDatabase } from "@care/core";
import type { DeploymentManifest } from "@care/runtime/tooling";
import { failureResult, printTaskResult, type TaskResult } from "../node-task.js";
import { importPackageFrom, releaseManifestFile } from "./release-modules.js";
import type { ReleaseTaskRequest } from "./release-task.js";

type Tooling = typeof import("@care/runtime/tooling");
type Core = typeof import("@care/core");

/**
 * A migration task of an apply, in a process of its own started in a release's folder: with that
 * release's runtime, core and plugs (never the supervisor's), it rehearses the migration (one
 * transaction, rolled back, as `care migrate --rehearse`), backs the database up, migrates it, or
 * restores a backup. The data folder must be free (the deployment's process stopped) for PGlite.
 */
const release = process.cwd();
let database: CareDatabase | undefined;

try {
  const request = JSON.parse(process.env.CARE_RELEASE_TASK ?? "") as ReleaseTaskRequest;
  const { module: runtime, dir: runtimeDir } = await importPackageFrom<Tooling>(release, "@care/runtime", "./tooling");
  const { module: core } = await importPackageFrom<Core>(runtimeDir, "@care/core");
  // As the deployment's own start does: the plug files must be the bundle's before any is imported.
  await runtime.checkBundleDigests(release);
  const manifest = ((await import(pathToFileURL(await releaseManifestFile(release)).href)) as { default: DeploymentManifest }).default;
  const settings = runtime.readSettings(manifest.deployment, process.env);
  const prepared = await runtime.preparePlugs(manifest, process.env);
  const logger = await runtime.createLogger(settings.logLevel === "info" ? "warn" : settings.logLevel, manifest.deployment);
  const open = async () => {
    database = await core.openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
    return database;
  };
  let result: TaskResult<Record<string, unknown>>;
  if (request.op === "rehearse") {
    const report = await runtime.migrateDeployment(prepared, await open(), logger, { rehearse: true });
    const failure = report.failure;
    if (failure) {
      const where = [
        failure.plug && `plug ${failure.plug}`,
        failure.file && `file ${failure.file}`,
        failure.line !== undefined && `line ${failure.line}`,
      ]
        .filter(Boolean)
        .join(", ");
      result = { ok: false, code: failure.code, message: `the rehearsal failed${where ? ` at ${where}` : ""}: ${failure.reason}` };
    } else result = { ok: true, detail: describeRun(report) };
  } else if (request.op === "backup") {
    if (settings.backups.skip) result = { ok: true, file: null };
    else {
      const taken = await runtime.takeBackup(await open(), {
        deployment: manifest.deployment,
        reason: "before-migrate",
        prepared,
        settings: settings.backups,
      });
      result = { ok: true, file: taken.file };
    }
  } else if (request.op === "migrate") {
    const report = await runtime.migrateDeployment(prepared, await open(), logger);
    await runtime.markDetachedPlugs(prepared, database!, logger);
    result = { ok: true, detail: describeRun(report) };
  } else {
    const file = request.backup;
    const engine = settings.databaseUrl ? "postgres" : "pglite";
    const metadata = await runtime.checkBackup(file, { deployment: manifest.deployment, engine, prepared });
    if (engine === "pglite") {
      const dump = await readFile(file);
      if (createHash("sha256").update(dump).digest("hex") !== metadata.sha256) throw new Error(`${file} changed after it was checked`);
      await core.restoreEmbedded(settings.dataDir, dump);
    } else {
      // The restore refuses every other session of the deployment's database; this one is named so.
      const ownApplication = `care serve restore ${process.pid}`;
      process.env.PGAPPNAME = ownApplication;
      await runtime.restoreServerBackup(await open(), manifest.deployment, file, {
        sha256: metadata.sha256,
        ownApplication,
        beforeRestore: async () => {},
      });
    }
    result = { ok: true, detail: `restored ${file} (taken ${metadata.createdAt})` };
  }
  await database?.close();
  printTaskResult(result);
  process.exit(0);
} catch (error) {
  await database?.close().catch(() => {});
  printTaskResult(failureResult(error));
  process.exit(1);
}

/** What a migration ran, in a line: core steps and each plug that moved. */
function describeRun(report: Awaited<ReturnType<Tooling["migrateDeployment"]>>): string {
  const plugs = report.plugs
    .filter((plug) => plug.plan !== "current")
    .map((plug) => (plug.plan === "install" ? `${plug.id}: install ${plug.to}` : `${plug.id}: ${plug.from} → ${plug.to}`));
  const parts = [...(report.core.length ? [`core: ${report.core.join(", ")}`] : []), ...plugs];
  return parts.length ? parts.join("; ") : "nothing to migrate";
}
