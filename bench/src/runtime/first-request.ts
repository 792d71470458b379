import { BenchChild } from "./child-process.js";
import type { ServeSpec } from "./child/protocol.js";

/**
 * Forks a fresh process serving `spec` and times it from fork to the first answered request
 * (GET /health), in milliseconds. The child is left running for the caller (memory asks it more).
 */
export async function startAndTime(tmpDir: string, spec: ServeSpec): Promise<{ ms: number; child: BenchChild; port: number }> {
  const began = performance.now();
  const child = await BenchChild.fork(tmpDir, "serve", spec);
  try {
    const { port } = await child.next("ready");
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    if (!response.ok) throw new Error(`GET /health answered ${response.status}`);
    await response.arrayBuffer();
    return { ms: performance.now() - began, child, port: port! };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
