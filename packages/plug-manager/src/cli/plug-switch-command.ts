import type { Command } from "commander";
import { switchPlug } from "../sync/toggle-plug.js";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** `care plug disable <id>` and `care plug enable <id>`, under the `plug` command. */
export function registerPlugSwitchCommands(plug: Command, root: () => string): void {
  plug
    .command("disable")
    .argument("<id>", "the plug's id in the deployment")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .description("switch a plug off without removing it (enabled: false in plug.config.ts, then sync): its routes answer 503, its handlers do not run, its durable deliveries are held, its data is kept; takes effect at the next start")
    .action((id: string, options: { deployment: string }) => switchCommand(root(), options.deployment, id, false));
  plug
    .command("enable")
    .argument("<id>", "the plug's id in the deployment")
    .requiredOption("-d, --deployment <name>", "the deployment")
    .description("switch a plug on again (enabled: true in plug.config.ts, then sync); at the next start it migrates if it must, and its held deliveries are delivered")
    .action((id: string, options: { deployment: string }) => switchCommand(root(), options.deployment, id, true));
}

async function switchCommand(root: string, deployment: string, id: string, enabled: boolean): Promise<void> {
  const state = enabled ? "on" : "off";
  const changed = await switchPlug({ root, deployment, id, enabled, log: say });
  if (!changed) {
    say(`plug ${id} is switched ${state} in ${deployment} already; nothing was changed`);
    return;
  }
  say(`switched plug ${id} ${state} in apps/${deployment}/plug.config.ts and regenerated the manifest`);
  say(
    enabled
      ? `restart the deployment (or rebuild and deploy its bundle) to run it: its held deliveries are then delivered`
      : `restart the deployment (or rebuild and deploy its bundle) for it to take effect: its routes then answer 503 plug_disabled and its deliveries are held`,
  );
}
