import type { PlugPackageJson } from "@care/plug-api";
import type { AdminPlugMetadata } from "./admin-plug-schemas.js";

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

/** A field npm allows as a string or an object ({ name } for author, { url } for repository). */
const stringOr = (value: unknown, field: "name" | "url"): string | null =>
  text(value) ?? (typeof value === "object" && value !== null ? text((value as Record<string, unknown>)[field]) : null);

/** The npm fields of a plug's package.json the admin console shows; a missing or odd one is null. */
export const plugMetadataOf = (pkg: PlugPackageJson): AdminPlugMetadata => ({
  description: text(pkg.description),
  license: text(pkg.license),
  author: stringOr(pkg.author, "name"),
  homepage: text(pkg.homepage),
  repository: stringOr(pkg.repository, "url"),
});

export const noPlugMetadata: AdminPlugMetadata = { description: null, license: null, author: null, homepage: null, repository: null };
