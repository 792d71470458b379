import { distance } from "fastest-levenshtein";

/**
 * The known names closest to a misspelt one, nearest first: at most `limit`, and only those within
 * a third of the name's length (at least 2 edits), so an unrelated name is never offered.
 */
export function closestPlugNames(wanted: string, known: Iterable<string>, limit = 3): string[] {
  const most = Math.max(2, Math.floor(unscoped(wanted).length / 3));
  return [...new Set(known)]
    .filter((name) => name !== wanted)
    .map((name) => ({ name, edits: Math.min(distance(wanted, name), distance(unscoped(wanted), unscoped(name))) }))
    .filter((candidate) => candidate.edits <= most)
    .sort((a, b) => a.edits - b.edits || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((candidate) => candidate.name);
}

const unscoped = (name: string) => name.replace(/^@[^/]+\//, "");

/**
 * The plug packages of a scope the registry knows, from its search endpoint (npm's
 * `/-/v1/search`, which Verdaccio serves). Only suggestions: an unreachable or unwilling registry
 * (one that wants a login to search) gives none, after at most a few seconds, never an error.
 */
export async function registryPlugNames(registry: string, scope: string): Promise<string[]> {
  try {
    const response = await fetch(`${registry}-/v1/search?text=${encodeURIComponent(scope)}&size=250`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return [];
    const body = (await response.json()) as { objects?: Array<{ package?: { name?: string } }> };
    return (body.objects ?? []).map((item) => item.package?.name).filter((name): name is string => !!name?.startsWith(`${scope}/`));
  } catch {
    return [];
  }
}
