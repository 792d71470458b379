import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import type { Page } from "./core-api.js";

/**
 * A list the API pages with `nextCursor`: the pages loaded so far as one list of items, and
 * `fetchNextPage` for a "Load more" button (shown while `hasNextPage`), so a long list is never cut silently.
 */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    // A cursor that does not move on would show the same page again under "Show more".
    getNextPageParam: (page, _pages, lastCursor) => (page.nextCursor && page.nextCursor !== lastCursor ? page.nextCursor : undefined),
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
