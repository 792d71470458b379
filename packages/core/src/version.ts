import manifest from "../package.json" with { type: "json" };

/** The running core's version; plugs declare which core versions they support. */
export const coreVersion: string = manifest.version;
