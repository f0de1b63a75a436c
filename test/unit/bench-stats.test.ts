import { describe, expect, it } from "vitest";

import { crossoverRtt, fitLine, median, percentile, summarize } from "@/bench/lib/stats";

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

  it("fits a line through points", () => {
    const line = fitLine([0, 1, 2].map((rtt) => ({ rtt, latency: 1 + 2 * rtt })));
    expect(line.slope).toBeCloseTo(2);
    expect(line.intercept).toBeCloseTo(1);
  });

  it("finds where a rising database line crosses a flat JWT line", () => {
    const jwt = [0, 10, 20].map((rtt) => ({ rtt, latency: 3 }));
    const database = [0, 10, 20].map((rtt) => ({ rtt, latency: 1 + 0.5 * rtt }));
    expect(crossoverRtt(jwt, database)).toBeCloseTo(4);
  });

  it("reports 0 when the database is slower already at the nearest distance", () => {
    const jwt = [0, 5].map((rtt) => ({ rtt, latency: 1 }));
    const database = [0, 5].map((rtt) => ({ rtt, latency: 2 + rtt }));
    expect(crossoverRtt(jwt, database)).toBe(0);
  });

  it("reports no crossover when the database never gets slower", () => {
    const jwt = [0, 5].map((rtt) => ({ rtt, latency: 3 }));
    const database = [0, 5].map((rtt) => ({ rtt, latency: 1 }));
    expect(crossoverRtt(jwt, database)).toBeUndefined();
  });
});
