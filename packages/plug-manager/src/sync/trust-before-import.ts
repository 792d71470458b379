import { isDeepStrictEqual } from "node:util";
import pLimit from "p-limit";
import { CareCliError, isCareCliError } from "../cli-error.js";
import type { DeploymentConfig } from "../deployment-config.js";
import { declarationOf } from "../review/plug-declaration.js";
import type { PlugTrust } from "../trust/index.js";
import type { LockedPlug } from "./lockfile.js";
import { identityChangeProblem } from "./plug-identity.js";
import type { PlugSource } from "./plug-source.js";
import { checkInstalledTrust, readInstalledPackage, trustPolicyOf } from "./plug-trust.js";
import type { InstalledDeclaration } from "./upgrade-changes.js";

export interface TrustedPlug {
  trust: PlugTrust;
  declaration: InstalledDeclaration;
}

/**
 * Each installed plug against the trust policy and its locked identity, reading its files only:
 * sync and check run this before loadInstalledPlugs imports any plug module. A plug that is not
 * installed is left to loadInstalledPlugs to report.
 */
export async function checkPlugsBeforeImport(input: {
  deployment: string;
  deploymentDir: string;
  config: DeploymentConfig;
  sources: Map<string, PlugSource>;
  previous: LockedPlug[];
  allowSourceChange: string[];
  /** By plug id: what `care plug add` reviewed (it read metadata or a folder, not what pnpm installed). */
  reviewed?: Map<string, ReviewedPackage>;
}): Promise<{ trusted: Map<string, TrustedPlug>; problems: CareCliError[]; refusedIds: Set<string> }> {
  const policy = trustPolicyOf(input.config);
  const checkOne = async (id: string): Promise<{ trusted?: TrustedPlug; problem?: CareCliError } | undefined> => {
    const source = input.sources.get(id);
    if (!source) return undefined;
    const installed = await readInstalledPackage(input.deploymentDir, source.packageName);
    if (!installed) return undefined;
    try {
      const reviewed = input.reviewed?.get(id);
      if (reviewed) refuseChangedDeclaration(id, reviewed, installed.packageJson);
      const declaration = declarationOf(installed.packageJson);
      const locked = input.previous.find((line) => line.id === id);
      const changed = identityChangeProblem(input.deployment, locked, declaration.ownId, input.allowSourceChange);
      if (changed) throw changed;
      const trust = await checkInstalledTrust({ id, installed, packageName: source.packageName, source: source.kind, policy });
      return { trusted: { trust, declaration: { ...declaration, ...(trust.publisher && { publisher: trust.publisher }) } } };
    } catch (error) {
      const problem = isCareCliError(error)
        ? error
        : new CareCliError(`plug ${id}: ${(error as Error).message}`, { code: "plug_trust_unchecked", plug: id });
      return { problem };
    }
  };
  const trusted = new Map<string, TrustedPlug>();
  const problems: CareCliError[] = [];
  const refusedIds = new Set<string>();
  // Plugs are read and hashed side by side (a few at a time), then taken in the config's order.
  const limit = pLimit(plugsReadAtOnce);
  const outcomes = await Promise.all(input.config.plugs.map((entry) => limit(() => checkOne(entry.name))));
  for (const [index, outcome] of outcomes.entries()) {
    const id = input.config.plugs[index]!.name;
    if (outcome?.trusted) trusted.set(id, outcome.trusted);
    if (outcome?.problem) {
      refusedIds.add(id);
      problems.push(outcome.problem);
    }
  }
  return { trusted, problems, refusedIds };
}

/** Enough to keep the disk and both cores busy; a plug with a large node_modules holds few files open at once. */
const plugsReadAtOnce = 8;

export type ReviewedPackage = { name?: string; version?: string; care?: { plug?: unknown } };

/**
 * A registry's metadata (or a tag moved since) can differ from the package pnpm installed: refuses
 * (plug_declaration_changed) when the installed name, version or any care.plug field is not what
 * the person confirmed.
 */
function refuseChangedDeclaration(id: string, reviewed: ReviewedPackage, installed: ReviewedPackage): void {
  const block = (item: ReviewedPackage) =>
    item.care?.plug && typeof item.care.plug === "object" ? (item.care.plug as Record<string, unknown>) : {};
  const differing = [
    ...(["name", "version"] as const).filter((field) => reviewed[field] !== installed[field]),
    ...[...new Set([...Object.keys(block(reviewed)), ...Object.keys(block(installed))])]
      .filter((key) => !isDeepStrictEqual(block(reviewed)[key], block(installed)[key]))
      .map((key) => `care.plug.${key}`),
  ];
  if (!differing.length) return;
  throw new CareCliError(
    `plug ${id}: the installed ${installed.name ?? "package"}@${installed.version ?? "?"} is not what the review showed ` +
      `(${reviewed.name ?? "?"}@${reviewed.version ?? "?"}): ${differing.join(", ")} differ; none of its code ran`,
    {
      code: "plug_declaration_changed",
      hint: "its source serves other code than it describes; ask its publisher, then review it again with pnpm care plug add",
    },
  );
}

/** One error for sync to throw: the only problem as it is, or all of them under the first's code. */
export function asOneError(problems: CareCliError[]): CareCliError {
  if (problems.length === 1) return problems[0]!;
  return new CareCliError(
    `${problems.length} plugs were refused before any of their code ran:\n  ` +
      problems.map((problem) => problem.describe().replace(/\n/g, "\n  ")).join("\n  "),
    {
      code: problems[0]!.code,
    },
  );
}
