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
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
