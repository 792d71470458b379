import { loadFile, writeFile as writeModule } from "magicast";
import { getDefaultExportOptions } from "magicast/helpers";
import { CareCliError } from "../../cli-error.js";
import { entryOptions } from "../../sync/toggle-plug.js";

/**
 * Edits one plug's entry of plug.config.ts as code (the author's formatting and comments stay), as
 * `care plug disable` does: points it at another package spec (an upgrade from an archive), or
 * removes it. A plug whose entry is not a literal (a spread, a variable) is refused: edit it by hand.
 */
export async function setPlugPackage(configFile: string, id: string, spec: string): Promise<void> {
  const module = await loadFile(configFile);
  const found = literalEntries(getDefaultExportOptions(module).plugs).find((item) => item.options?.name === id);
  if (!found?.options) throw notLiteral(configFile, id, `set its package to "${spec}"`);
  found.options.package = spec;
  delete found.options.version;
  await writeModule(module, configFile);
}

export async function removePlugEntry(configFile: string, id: string): Promise<void> {
  const module = await loadFile(configFile);
  const plugs = getDefaultExportOptions(module).plugs as unknown[];
  const index = literalEntries(plugs).findIndex((item) => item.options?.name === id);
  if (index < 0) throw notLiteral(configFile, id, "remove its entry");
  plugs.splice(index, 1);
  await writeModule(module, configFile);
}

function literalEntries(plugs: unknown): Array<{ options: Record<string, unknown> | undefined }> {
  return (Array.isArray(plugs) ? plugs : [...((plugs as Iterable<unknown> | undefined) ?? [])]).map((item) => ({
    options: entryOptions(item),
  }));
}

function notLiteral(configFile: string, id: string, what: string): CareCliError {
  return new CareCliError(`cannot find plug "${id}" as a literal entry in ${configFile}, so it cannot be edited safely`, {
    code: "plug_entry_not_literal",
    hint: `${what} by hand, then discard the staged change and apply again`,
  });
}
