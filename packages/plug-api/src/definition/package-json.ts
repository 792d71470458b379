/** The parts of a plug's package.json the runtime reads: identity, the care.plug block, display fields. */
export interface PlugPackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  author?: unknown;
  repository?: unknown;
  homepage?: string;
  care?: { plug?: unknown };
}
