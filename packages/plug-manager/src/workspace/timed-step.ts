/**
 * Runs one long step of a command, saying what it starts and how long it took, so that a person
 * watching a slow install or build sees where it is (the step's own output streams in between).
 */
export async function timedStep<T>(log: (line: string) => void, title: string, work: () => Promise<T>): Promise<T> {
  log(`▸ ${title}`);
  const started = performance.now();
  const result = await work();
  log(`  ✓ ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}
