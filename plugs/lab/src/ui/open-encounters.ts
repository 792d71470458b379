import { usePlugQuery } from "./lab-client.js";

/** The patient's planned and in-progress encounters (the only ones lab orders may be placed for), newest first: `data.items`. */
export const useOpenEncounters = (patientId: string) => usePlugQuery("GET /patients/:patientId/open-encounters", { params: { patientId } });
