import type { Measurement } from "../measurement.js";

// Placeholder until this measurement is written (issue 5, in progress).
export const installVersusChain: Measurement = {
  name: "install-versus-chain",
  title: "install-versus-chain",
  run: async ({ skip }) => {
    skip("not written yet");
    return [];
  },
};
