import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const checkAndManifest: Measurement = {
  name: "check-and-manifest",
  title: "check-and-manifest",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
