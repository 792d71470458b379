import { contractVersion, type PlugBlock } from "@care/plug-api";
import semver from "semver";
import { problem, type Problem } from "../errors/problem.js";

/**
 * Whether a plug was built for this runtime's plug contract (`care.plug.contract`, a semver range).
 * Checked for switched-off plugs too: their routes are still mounted (to answer 503), from their
 * definition, whose shape is the contract's.
 */
export function contractProblems(id: string, name: string, version: string, block: PlugBlock): Problem[] {
  const plug = `plug ${id} (${name}@${version})`;
  if (block.contract === undefined) {
    const hint =
      `add "contract": "^${semver.major(contractVersion)}.0.0" to care.plug in its package.json ` +
      `after rebuilding it against @care/plug-sdk (contract ${contractVersion})`;
    return [problem("plug_contract_missing", `${plug} does not say which plug contract it was built for`, { plug: id, hint })];
  }
  if (semver.satisfies(contractVersion, block.contract, { includePrerelease: true })) return [];
  const message = `${plug} was built for plug contract ${block.contract}, but this runtime implements contract ${contractVersion}`;
  const hint =
    `rebuild the plug against a @care/plug-sdk of contract ${contractVersion} and set care.plug.contract to "^${contractVersion}", ` +
    `or pin a version of the plug built for contract ${contractVersion}`;
  return [problem("plug_contract_incompatible", message, { plug: id, hint })];
}
