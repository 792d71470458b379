import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const durableDelivery: Measurement = {
  name: "durable-delivery",
  title: "durable-delivery",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
