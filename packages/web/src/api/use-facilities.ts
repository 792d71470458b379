import { useQuery } from "@tanstack/react-query";
import { coreApi, type Facility } from "./core-api.js";

/** The facilities the user may see (the API scopes them), for pickers and for showing a facility's name. */
export function useFacilities() {
  const query = useQuery({ queryKey: ["facilities", ""], queryFn: () => coreApi.listFacilities() });
  const items: Facility[] = query.data?.items ?? [];
  return { ...query, items, nameOf: (id: string) => items.find((facility) => facility.id === id)?.name ?? id };
}
