import { switchPlug } from "../sync/toggle-plug.js";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** `care plug disable <id>` and `care plug enable <id>`: enabled in plug.config.ts, then the manifest again. */
export async function switchCommand(root: string, deployment: string, id: string, enabled: boolean): Promise<void> {
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
      : `restart the deployment (or rebuild and deploy its bundle) for it to take effect: its routes then answer 503 plug_disabled ` +
          `and its deliveries are held`,
  );
}
