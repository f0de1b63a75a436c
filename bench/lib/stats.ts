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
 * The round-trip time at which two latency lines cross, from least-squares lines fitted over
 * (rtt, latency) points: where the database line rises above the flat JWT line. Returns 0 when
 * the database is already slower at the smallest RTT, and undefined when the lines never
 * cross in the database's disfavour (slope not positive).
 */
export function crossoverRtt(
  jwt: readonly { rtt: number; latency: number }[],
  database: readonly { rtt: number; latency: number }[],
): number | undefined {
  const a = fitLine(jwt);
  const b = fitLine(database);
  const slope = b.slope - a.slope;
  const gap = a.intercept - b.intercept;
  if (slope <= 0) return gap < 0 ? 0 : undefined;
  return Math.max(0, gap / slope);
}

export function fitLine(points: readonly { rtt: number; latency: number }[]): { slope: number; intercept: number } {
  if (points.length === 0) throw new Error("cannot fit a line through no points");
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.rtt, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.latency, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.rtt - meanX) ** 2, 0);
  if (sxx === 0) return { slope: 0, intercept: meanY };
  const sxy = points.reduce((sum, p) => sum + (p.rtt - meanX) * (p.latency - meanY), 0);
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}
