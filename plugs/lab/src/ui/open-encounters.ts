import { PlugRequestError, useCareHost } from "@care/plug-sdk/ui";
import { useQuery } from "@tanstack/react-query";

/** The fields of a core encounter the order form shows. */
export interface OpenEncounter {
  id: string;
  kind: "outpatient" | "inpatient" | "emergency";
  status: "planned" | "in_progress";
  startedAt: string | null;
  createdAt: string;
}

/** The patient's planned and in-progress encounters (the only ones lab orders may be placed for), newest first. */
export function useOpenEncounters(patientId: string) {
  const host = useCareHost();
  return useQuery<OpenEncounter[], PlugRequestError>({
    queryKey: ["care-core", "encounters", patientId],
    queryFn: async () => {
      const response = await host.fetch(`/api/v1/encounters?patientId=${encodeURIComponent(patientId)}&limit=200`);
      if (!response.ok) throw await PlugRequestError.fromResponse(response);
      const page = (await response.json()) as { items: Array<Omit<OpenEncounter, "status"> & { status: string }> };
      const open = page.items.filter((encounter): encounter is OpenEncounter => ["planned", "in_progress"].includes(encounter.status));
      return open.reverse();
    },
  });
}
