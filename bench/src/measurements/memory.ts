import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const memory: Measurement = {
  name: "memory",
  title: "memory",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
