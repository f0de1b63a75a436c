/**
 * Order statistics for latency samples. Medians and high percentiles, not means: latency is
 * skewed by GC pauses and scheduler noise on a shared machine, and a mean follows the outliers.
 */

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  if (p < 0 || p > 100) throw new Error(`percentile must be within 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error("median of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  /** Sequential reads per second at the median: 1000 / median(ms). */
  opsPerSecond: number;
}

export function summarize(samples: readonly number[]): Summary {
  const mid = median(samples);
  return {
    n: samples.length,
    median: mid,
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    opsPerSecond: mid > 0 ? 1000 / mid : Number.POSITIVE_INFINITY,
  };
}

/**
 * The round-trip time at which the database line rises above the JWT line, interpolated
 * linearly between the two measured distances where the difference changes sign. Returns 0
 * when the database is already slower at the nearest distance, and undefined when it is
 * faster at every measured distance.
 */
export function crossoverRtt(points: readonly { rtt: number; jwt: number; database: number }[]): number | undefined {
  const sorted = [...points].sort((a, b) => a.rtt - b.rtt);
  const first = sorted[0];
  if (!first) throw new Error("no distance points");
  if (first.database >= first.jwt) return 0;
  for (let i = 1; i < sorted.length; i++) {
    const near = sorted[i - 1];
    const far = sorted[i];
    if (!near || !far || far.database < far.jwt) continue;
    const before = near.jwt - near.database;
    const after = far.database - far.jwt;
    return near.rtt + (far.rtt - near.rtt) * (before / (before + after));
  }
  return undefined;
}
