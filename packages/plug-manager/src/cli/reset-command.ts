import { careCodeOf, resetDevelopmentPlug } from "@care/runtime/tooling";
import { CareCliError } from "../cli-error.js";
import { openDeployment } from "./deployment-runtime.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `care plug reset <id> -d <deployment> --confirm <id>`: a developer's way back from a schema built
 * from an unreleased install.sql. Asks for the id twice, since it deletes the plug's data.
 */
export async function resetPlugCommand(root: string, deployment: string, id: string, confirm: string | undefined): Promise<void> {
  if (confirm !== id) {
    throw new CareCliError(`plug reset deletes plug ${id}'s schema and data in deployment ${deployment}; nothing was changed`, {
      code: "confirmation_needed",
      hint: `to go ahead, repeat the id: pnpm care plug reset ${id} -d ${deployment} --confirm ${id}`,
    });
  }
  const opened = await openDeployment(root, deployment, "plug reset");
  try {
    const reset = await resetDevelopmentPlug(opened.database, id).catch((error: Error) => {
      throw new CareCliError(error.message, { code: careCodeOf(error) ?? "plug_reset_refused", cause: error });
    });
    say(
      `plug ${id}: removed its development schema (${reset.version}), its records and ${reset.droppedDeliveries} waiting deliveries ` +
        `from ${opened.database.location}`,
    );
    say(`the next start or \`pnpm care migrate -d ${deployment}\` installs it afresh from its install.sql`);
  } finally {
    await opened.close();
  }
}
