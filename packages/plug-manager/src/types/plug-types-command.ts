import { CareCliError } from "../cli-error.js";

/** `care plug types [dirs...] [--check]`: writes (or checks) each plug's src/tables.generated.ts. */
export async function plugTypesCommand(_root: string, _plugDirs: string[], _options: { check?: boolean }): Promise<void> {
  throw new CareCliError("care plug types is not built yet", { code: "command_not_built" });
}
