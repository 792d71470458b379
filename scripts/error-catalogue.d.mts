// Types of scripts/error-catalogue.mjs, for the tests that import it.
export interface CatalogueEntry {
  code: string;
  summary: string;
  fix: string;
}
export interface PackageCatalogue {
  packageName: string;
  file: string;
  errors: CatalogueEntry[];
}
export const catalogueFile: string;
export function readCatalogues(root?: string): Promise<PackageCatalogue[]>;
export function renderCatalogue(catalogues: PackageCatalogue[]): string;
export function codesInSource(root?: string): Map<string, string[]>;
export function uncodedCliErrors(root?: string): string[];
export function catalogueProblems(root?: string): Promise<string[]>;
