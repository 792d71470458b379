import { CareCliError } from "../cli-error.js";

export interface DevCommandOptions {
  port?: number;
}

/** `care dev -d <deployment>`: start it, watch its workspace plugs, rebuild and restart on change. */
export async function devCommand(_root: string, _deployment: string, _options: DevCommandOptions): Promise<void> {
  throw new CareCliError("care dev is not built yet", { code: "command_not_built" });
}
