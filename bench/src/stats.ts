/** Sample statistics for the report: medians and spreads, never means (shared machines are noisy). */
export interface Summary {
  median: number;
  /** Interquartile range: where the middle half of the samples lie. */
  p25: number;
  p75: number;
  min: number;
  max: number;
  samples: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
}

/** One way of doing the work, measured by `run`, which returns one sample (ms, ops/s, bytes…). */
export interface Variant {
  name: string;
  run: () => Promise<number>;
}

/**
 * Runs the variants in rounds, A B C, B C A, C A B…, so that a slow moment of the machine lands on
 * every variant alike instead of on whichever ran last. Returns the samples of each variant.
 */
export async function interleave(
  variants: readonly Variant[],
  rounds: number,
  options: { warmup?: number } = {},
): Promise<Map<string, number[]>> {
  const samples = new Map(variants.map((variant) => [variant.name, [] as number[]]));
  for (let round = -(options.warmup ?? 1); round < rounds; round++) {
    const offset = ((round % variants.length) + variants.length) % variants.length;
    for (let index = 0; index < variants.length; index++) {
      const variant = variants[(index + offset) % variants.length]!;
      const sample = await variant.run();
      if (round >= 0) samples.get(variant.name)!.push(sample);
    }
  }
  return samples;
}
