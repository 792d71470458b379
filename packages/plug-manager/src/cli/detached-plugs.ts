import type { CareDatabase } from "@care/core";
import { markDetachedPlugs, type PreparedPlugs } from "@care/runtime/tooling";
import { quietLogger } from "./deployment-runtime.js";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

interface Opened {
  prepared: PreparedPlugs;
  database: CareDatabase;
}

/** `care migrate`, after migrating: marks plugs gone from plug.config.ts detached (as a start does) and says so. */
export async function markDetachedAfterMigrate(opened: Opened, deployment: string): Promise<void> {
  // The runtime's warning is for a deployment's log; here the lines below say it.
  const marked = await markDetachedPlugs(opened.prepared, opened.database, quietLogger().child({}, { level: "error" }));
  for (const id of marked.attached) say(`plug ${id}: in plug.config.ts again, no longer detached`);
  for (const id of marked.detached) {
    say(
      `plug ${id}: detached (no longer in plug.config.ts); its schema, role and data are kept. Purge it: pnpm care plug purge ${id} ` +
        `-d ${deployment} --confirm ${id}`,
    );
  }
}
