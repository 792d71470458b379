/** A package `care pack` put in the archive, and where its licence is. */
export interface BundledDependency {
  name: string;
  version: string;
  /** Where it is inside the package, e.g. node_modules/to-regex-range. */
  path: string;
  /** Its package.json's licence (an SPDX expression), or "not stated". */
  license: string;
  /** Its licence file inside the package, when it ships one. */
  licenseFile?: string;
}

/** The file at the package's root that lists what it bundles. */
export const noticesFile = "THIRD-PARTY-NOTICES.md";

/**
 * The notice for the packages an archive bundles: each with its version, licence and licence file,
 * which travels with it under node_modules/ as its author shipped it.
 */
export function thirdPartyNotices(plug: string, bundled: BundledDependency[]): string {
  const rows = bundled.map((item) => `| ${item.name} | ${item.version} | ${item.license} | ${item.licenseFile ?? "none in the package"} |`);
  return [
    `# Third-party packages bundled in ${plug}`,
    "",
    "`care pack` put these packages under node_modules/ so that the plug installs without a registry. Each keeps the",
    "licence file its authors ship, at the path given here.",
    "",
    "| package | version | licence | licence file |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
