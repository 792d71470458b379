import type { Page } from "./core-api.js";

/** Past this many pages a picker is not the right tool: the list stops there rather than holding the browser. */
const mostPages = 100;

/**
 * Every item of a paged list, following `nextCursor`: for pickers and names, which must know all of them. A cursor
 * seen before ends the walk, so an answer that repeats itself cannot loop.
 */
export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined && seen.has(cursor)) break;
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor && seen.size < mostPages);
  return items;
}
