import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const routes: Measurement = {
  name: "routes",
  title: "routes",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
