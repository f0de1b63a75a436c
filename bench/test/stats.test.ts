import { describe, expect, it } from "vitest";

import { crossoverRtt, median, percentile, summarize } from "../lib/stats";

describe("bench statistics", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("uses nearest-rank percentiles over unsorted samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 50)).toBe(7);
  });

  it("refuses empty samples and percentiles outside 0..100", () => {
    expect(() => median([])).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/);
  });

  it("summarizes with ops/s derived from the median", () => {
    expect(summarize([2, 2, 4, 1, 2])).toEqual({ n: 5, median: 2, p95: 4, p99: 4, opsPerSecond: 500 });
  });

  it("interpolates where the database line rises above the JWT line", () => {
    const points = [
      { rtt: 0, jwt: 3, database: 2 },
      { rtt: 2, jwt: 3, database: 5 },
      { rtt: 10, jwt: 3, database: 20 },
    ];
    expect(crossoverRtt(points)).toBeCloseTo(2 / 3);
  });

  it("reports 0 when the database is slower already at the nearest distance", () => {
    expect(crossoverRtt([{ rtt: 5, jwt: 1, database: 7 }, { rtt: 0, jwt: 1, database: 2 }])).toBe(0);
  });

  it("reports no crossover when the database is faster at every distance", () => {
    expect(crossoverRtt([{ rtt: 0, jwt: 3, database: 1 }, { rtt: 5, jwt: 3, database: 2 }])).toBeUndefined();
  });
});
