import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { contractVersion } from "@care/plug-sdk";
import { readPlugBlock, type PlugBlock } from "@care/runtime/check-tooling";
import type { ArchiveInspection } from "@care/runtime/supervision";
import semver from "semver";
import { archiveNetworkNeeds, verifyArchive } from "../../archive/index.js";
import { installedCoreVersion } from "../../check/core-version.js";
import { CareCliError } from "../../cli-error.js";
import { readInstalledPackage } from "../../sync/plug-trust.js";
import { checkArchiveTrust } from "../../trust/index.js";
import { workspacePackages } from "../../workspace/workspace-packages.js";
import { declarationChanges, declaredFields, type DeclaredFields } from "./declared-fields.js";
import { deploymentState, type DeployedPlug } from "./deployed-plugs.js";
import { plugMetadata } from "./plug-metadata.js";
import { upgradeSteps } from "./upgrade-steps.js";

export interface InspectArchiveInput {
  /** The workspace holding the deployment's repository. */
  root: string;
  deployment: string;
  /** The archive: staged/incoming/<token>.tgz (its name without .tgz is the token). */
  file: string;
  /** Its name on the uploader's machine, as shown. */
  originalName: string;
}

const nothingStaged = "nothing was staged";

/**
 * What a plug archive is and what staging it would change, found the way `care verify` and
 * `care plug add` find it (entries, care.plug block, signature against the deployment's trust
 * policy) without running any of its code. Throws a coded CareCliError for an archive that must
 * not be staged: damaged or tampered (archive_*), refused by the trust policy (plug_unsigned,
 * plug_signature_invalid, plug_signer_untrusted, plug_revoked), misnamed, built for another core
 * or contract, a downgrade, or the version already there.
 */
export async function inspectArchive(input: InspectArchiveInput): Promise<ArchiveInspection> {
  const state = await deploymentState(input.root, input.deployment);
  // No .sha256 travels with an upload: the signature vouches for the content, as the trust policy requires.
  const verified = await verifyArchive(input.file, { checksumFile: false });
  const trust = await checkArchiveTrust({ id: verified.id, archive: input.file, policy: state.policy });
  const block = readPlugBlock(verified.packageJson);
  const label = `${verified.name}@${verified.version}`;

  const installed = installedPlugOf(state.plugs, verified.name, block.id, label);
  await refuseIncompatible(input.root, label, block);
  const signedBy = trust.status === "signed" ? (trust.publisher ?? null) : null;
  const fields = declaredFields(block, signedBy);

  let upgrade: ArchiveInspection["upgrade"] = null;
  if (installed) {
    const from = installed.version;
    if (from === undefined) {
      throw new CareCliError(`plug ${installed.id} of ${input.deployment} has no version in plugs.lock.json yet; ${nothingStaged}`, {
        code: "plugs_lock_missing",
        hint: `run pnpm care sync -d ${input.deployment}, then stage the archive again`,
      });
    }
    refuseVersion(installed.id, from, verified.version, label);
    const steps = await upgradeSteps(input.file, { id: installed.id, packageName: verified.name, version: verified.version, block }, from);
    const before = await installedFields(state.paths.dir, installed);
    upgrade = { from, steps, declarationChanges: before ? declarationChanges(before, fields) : [] };
  }

  return {
    token: basename(input.file).replace(/\.tgz$/, ""),
    file: { name: input.originalName, sha256: verified.sha256, bytes: await sizeOf(input.file) },
    change: installed ? "upgrade" : "add",
    plug: { id: installed?.id ?? block.id, package: verified.name, version: verified.version, ...plugMetadata(verified.packageJson) },
    signature: { status: trust.status, signedBy, fingerprint: trust.fingerprint ?? null },
    core: { range: block.core, compatible: true },
    contract: fields.contract,
    dependencies: fields.dependencies,
    coreTables: fields.coreTables,
    outsideHosts: fields.outsideHosts,
    ui: fields.ui !== null,
    // What an offline apply could not install: not bundled, not a Care package, not in the workspace's lockfile (its store).
    needsNetwork: await archiveNetworkNeeds(verified, { root: input.root }),
    upgrade,
  };
}

/**
 * The installed plug this archive upgrades, or undefined for a new one. An archive whose package is
 * installed under another plug id, or whose id is installed as another package, is misnamed: staging
 * it would hand one plug's schema, config and secrets to another's code.
 */
function installedPlugOf(plugs: DeployedPlug[], packageName: string, ownId: string, label: string): DeployedPlug | undefined {
  const byPackage = plugs.find((plug) => plug.package === packageName);
  if (byPackage) {
    const installedOwnId = byPackage.ownId ?? byPackage.id;
    if (installedOwnId === ownId) return byPackage;
    throw new CareCliError(
      `${label} calls itself plug "${ownId}", but ${packageName} is installed here as plug "${installedOwnId}"; ${nothingStaged}`,
      { code: "archive_misnamed", hint: "ask its publisher for a release that keeps the plug's id (care.plug.id)" },
    );
  }
  const byId = plugs.find((plug) => plug.id === ownId);
  if (byId) {
    throw new CareCliError(
      `${label} is plug "${ownId}", but plug ${ownId} of this deployment is the package ${byId.package ?? "(not synced yet)"}; ` +
        nothingStaged,
      {
        code: "archive_misnamed",
        hint: `a plug keeps its package name from release to release; if this is another plug, remove plug ${ownId} first`,
      },
    );
  }
  return undefined;
}

/** The core and the plug contract this workspace runs must be ones the plug was built for. */
async function refuseIncompatible(root: string, label: string, block: PlugBlock): Promise<void> {
  const core = (await workspacePackages(root)).get("@care/core")?.version ?? (await installedCoreVersion());
  if (!semver.satisfies(core, block.core, { includePrerelease: true })) {
    throw new CareCliError(`${label} works with Care core ${block.core}, and this site runs core ${core}; ${nothingStaged}`, {
      code: "archive_core_incompatible",
      hint: `ask its publisher for a release whose care.plug.core includes ${core}, or upgrade Care first`,
    });
  }
  if (block.contract === undefined) {
    throw new CareCliError(`${label} does not say which plug contract it was built for (care.plug.contract); ${nothingStaged}`, {
      code: "plug_contract_missing",
      hint: `ask its publisher for a release built against @care/plug-sdk (contract ${contractVersion})`,
    });
  }
  if (!semver.satisfies(contractVersion, block.contract, { includePrerelease: true })) {
    throw new CareCliError(
      `${label} was built for plug contract ${block.contract}, and this site implements contract ${contractVersion}; ${nothingStaged}`,
      {
        code: "plug_contract_incompatible",
        hint: `ask its publisher for a release built for contract ${contractVersion}`,
      },
    );
  }
}

/** Plugs are never downgraded, and the version already there is not an upgrade. */
function refuseVersion(id: string, from: string, to: string, label: string): void {
  if (semver.lt(to, from)) {
    throw new CareCliError(`${label} is older than plug ${id}'s ${from} here; plugs are never downgraded, ${nothingStaged}`, {
      code: "archive_downgrade",
      hint: `stage a release of ${from} or later`,
    });
  }
  if (semver.eq(to, from)) {
    throw new CareCliError(`plug ${id} is at ${from} here already; ${nothingStaged}`, {
      code: "archive_same_version",
      hint: "a changed plug needs a new version: ask its publisher for one",
    });
  }
}

/** The installed version's declaration, read from the deployment's node_modules (never imported). */
async function installedFields(deploymentDir: string, plug: DeployedPlug): Promise<DeclaredFields | undefined> {
  const installed = plug.package === undefined ? undefined : await readInstalledPackage(deploymentDir, plug.package);
  if (!installed) return undefined;
  try {
    return declaredFields(readPlugBlock(installed.packageJson), plug.locked?.signedBy ?? null);
  } catch {
    // An old package without a valid block: nothing to compare with.
    return undefined;
  }
}

const sizeOf = async (file: string): Promise<number> => (await stat(file)).size;
