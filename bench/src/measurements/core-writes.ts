import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const coreWrites: Measurement = {
  name: "core-writes",
  title: "core-writes",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
