import { useQuery } from "@tanstack/react-query";
import { allPages } from "./all-pages.js";
import { coreApi, type Facility } from "./core-api.js";

/** The facilities the user may see (the API scopes them), every page of them, for pickers and for showing a facility's name. */
export function useFacilities() {
  const query = useQuery({ queryKey: ["facilities", "all"], queryFn: () => allPages((cursor) => coreApi.listFacilities({ cursor })) });
  const items: Facility[] = query.data ?? [];
  return { ...query, items, nameOf: (id: string) => items.find((facility) => facility.id === id)?.name ?? id };
}
