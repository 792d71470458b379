import { CareCliError } from "../cli-error.js";
import type { LockedPlug } from "./lockfile.js";
import type { PlugSource } from "./plug-source.js";

const allowHint = (deployment: string, id: string) =>
  `if this change is intended, run: pnpm care sync -d ${deployment} --allow-source-change ${id}`;

/**
 * A package can be one plug of a deployment only: a second id for the same package name would let
 * one plug's code replace the other's (keeping its schema, config and secrets).
 */
export function sharedPackageProblems(deployment: string, sources: Map<string, Pick<PlugSource, "packageName">>): CareCliError[] {
  const owner = new Map<string, string>();
  const problems: CareCliError[] = [];
  for (const [id, source] of sources) {
    const first = owner.get(source.packageName);
    if (first === undefined) owner.set(source.packageName, id);
    else {
      problems.push(
        new CareCliError(
          `plugs ${first} and ${id} of deployment ${deployment} are both the package ${source.packageName}; one would replace the ` +
            `other's code`,
          {
            code: "plug_package_taken",
            hint: `a package can be one plug of a deployment only: remove plug ${id} from plug.config.ts`,
          },
        ),
      );
    }
  }
  return problems;
}

/**
 * A plug id installed before (plugs.lock.json) whose package name or source kind changed — e.g.
 * the workspace's hello now taken from an archive — is refused unless the person said so.
 */
export function sourceChangeProblem(
  deployment: string,
  locked: LockedPlug | undefined,
  source: PlugSource,
  allowed: string[],
): CareCliError | undefined {
  if (!locked || allowed.includes(locked.id)) return undefined;
  if (locked.package === source.packageName && locked.source === source.kind) return undefined;
  return new CareCliError(
    `plug ${locked.id} of ${deployment} was ${locked.package} from ${locked.source} (plugs.lock.json), and plug.config.ts now makes ` +
      `it ${source.packageName} from ${source.kind}; nothing was changed`,
    { code: "plug_source_changed", hint: allowHint(deployment, locked.id) },
  );
}

/** The package installed for an id calls itself another plug (care.plug.id) than the one locked. */
export function identityChangeProblem(
  deployment: string,
  locked: LockedPlug | undefined,
  ownId: string,
  allowed: string[],
): CareCliError | undefined {
  if (!locked?.plugId || allowed.includes(locked.id) || locked.plugId === ownId) return undefined;
  return new CareCliError(
    `plug ${locked.id} of ${deployment} was the plug "${locked.plugId}" of ${locked.package} (plugs.lock.json), and the package ` +
      `installed for it now calls itself "${ownId}"; none of its code was run`,
    { code: "plug_identity_changed", hint: allowHint(deployment, locked.id) },
  );
}
