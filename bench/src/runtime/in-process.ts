import { openDatabase, systemActor, type CareDatabase, type Core } from "@care/core";
import { createLogger } from "@care/runtime/tooling";
import { bootDeployment, preparePlugs, type BootedDeployment } from "@care/runtime/tooling";
import type { BenchDatabase } from "../databases.js";
import type { SyntheticDeployment } from "../synthetic/generate.js";
import { freshStorage } from "./storage.js";

/** A composed deployment booted in this process on a database of its own; its dispatcher idle. */
export interface InProcessDeployment {
  core: Core;
  booted: BootedDeployment;
  database: CareDatabase;
  /** A facility to register patients at. */
  facilityId: string;
  close(): Promise<void>;
}

export async function bootInProcess(
  database: BenchDatabase,
  tmpDir: string,
  deployment: SyntheticDeployment,
): Promise<InProcessDeployment> {
  const storage = await freshStorage(database, tmpDir);
  const opened = await openDatabase(storage.spec);
  try {
    const prepared = await preparePlugs((await import(deployment.manifestUrl)).default, {});
    const booted = await bootDeployment(prepared, {
      database: opened,
      logger: await createLogger("warn", "bench"),
      adminPassword: "bench-admin-password",
    });
    await booted.start();
    const facility = await booted.core.facilities.create(systemActor("bench"), { name: "Bench clinic", kind: "clinic" });
    return {
      core: booted.core,
      booted,
      database: opened,
      facilityId: facility.id,
      close: async () => {
        await booted.stop();
        await booted.core.dispatcher.drain();
        await booted.core.signals.idle();
        await opened.close();
        await storage.dispose();
      },
    };
  } catch (error) {
    await opened.close();
    await storage.dispose();
    throw error;
  }
}

let registered = 0;

/** Registers one patient through the core service, as the HTTP API would. */
export function createPatient(deployment: InProcessDeployment) {
  registered += 1;
  return deployment.core.patients.create(systemActor("bench"), {
    facilityId: deployment.facilityId,
    name: `Patient ${registered}`,
    birthDate: "1980-01-01",
    sex: "unknown",
  });
}
