import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const turboBuilds: Measurement = {
  name: "turbo-builds",
  title: "turbo-builds",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
