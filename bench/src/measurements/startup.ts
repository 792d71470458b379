import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const startup: Measurement = {
  name: "startup",
  title: "startup",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
