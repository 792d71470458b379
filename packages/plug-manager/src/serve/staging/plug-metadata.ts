import type { ArchiveInspection } from "@care/runtime/supervision";

type Metadata = Omit<ArchiveInspection["plug"], "id" | "package" | "version">;

/** The npm fields shown about a plug: author may be "Name <mail>" or { name }, repository a URL or { url }. */
export function plugMetadata(packageJson: Record<string, unknown>): Metadata {
  const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : null);
  const field = (value: unknown, key: string) =>
    text(value) ?? (typeof value === "object" && value !== null ? text((value as Record<string, unknown>)[key]) : null);
  return {
    description: text(packageJson.description),
    license: text(packageJson.license),
    author: field(packageJson.author, "name"),
    homepage: text(packageJson.homepage),
    repository: field(packageJson.repository, "url"),
  };
}
