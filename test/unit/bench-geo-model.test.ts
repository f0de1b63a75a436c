import { describe, expect, it } from "vitest";

import { ASSUMPTIONS, crossings, curves, modelPage, STRATEGIES, validate, winners, type CpuCosts } from "@/bench/lib/geo-model";
import { USER_CITIES } from "@/bench/lib/rtt-table";

// No jitter anywhere: every draw is the sum of medians, so the expected numbers are exact.
const still = { ...ASSUMPTIONS, networkSigma: 0, draws: 50 };
const cpu: CpuCosts = { edgeJwt: { median: 0.5, p95: 0.5 }, edgeDb: { median: 0.4, p95: 0.4 }, proxyJwt: { median: 0.3, p95: 0.3 } };
const strategy = (id: string) => {
  const found = STRATEGIES.find((s) => s.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe("geo placement model", () => {
  it("prices a page as reads × CPU plus the strategy's round trips to the region", () => {
    const sydneyToVirginia = USER_CITIES.find((c) => c.city === "Sydney")?.rtt["us-east"] ?? Number.NaN;
    expect(sydneyToVirginia).toBe(204);
    expect(modelPage(strategy("edge-jwt"), 204, cpu, still)).toEqual({ p50: 1, p95: 1 });
    expect(modelPage(strategy("edge-db-2rt"), 204, cpu, still).p50).toBeCloseTo(0.8 + 4 * 204, 9);
    expect(modelPage(strategy("edge-db-1rt"), 204, cpu, still).p50).toBeCloseTo(0.8 + 2 * 204, 9);
    expect(modelPage(strategy("edge-jwt-redis-0"), 204, cpu, still).p50).toBeCloseTo(1 + 2 * 204, 9);
    expect(modelPage(strategy("node-proxy-jwt"), 204, cpu, still).p50).toBeCloseTo(0.6 + 204, 9);
  });

  it("shows an occasional check in p95, not p50", () => {
    // A page every 30 s, a check every 300 s: one page in ten pays the round trip.
    const interval = modelPage(strategy("edge-jwt-redis-interval"), 100, cpu, { ...still, draws: 2000 });
    expect(interval.p50).toBe(1);
    expect(interval.p95).toBeCloseTo(101, 9);
  });

  it("spreads samples around the published median with jitter", () => {
    const jittered = modelPage(strategy("node-proxy-jwt"), 100, cpu);
    expect(jittered.p50).toBeGreaterThan(95);
    expect(jittered.p50).toBeLessThan(105);
    expect(jittered.p95).toBeGreaterThan(jittered.p50 + 5);
  });

  it("finds the crossover distance and the winner at each distance", () => {
    const grid = Array.from({ length: 41 }, (_, i) => i / 20);
    const lines = curves(["edge-jwt", "node-proxy-jwt", "edge-db-2rt", "edge-jwt-redis-0"].map(strategy), cpu, grid, still);
    const line = (id: string) => lines[id] ?? [];
    // The proxy pays 0.6 + d, the edge JWT 1: the edge wins above 0.4 ms.
    const [swap, ...more] = crossings(line("node-proxy-jwt"), line("edge-jwt"), grid);
    expect(swap).toBeCloseTo(0.4, 9);
    expect(more).toEqual([]);
    // 1 against 0.8 + 4d: the database read is faster only below 0.05 ms.
    const [dbSlower] = crossings(line("edge-jwt"), line("edge-db-2rt"), grid);
    expect(dbSlower).toBeCloseTo(0.05, 9);
    expect(crossings(line("edge-jwt"), line("edge-jwt-redis-0"), grid)).toEqual([]);
    expect(winners(lines, grid)).toEqual([
      { strategy: "node-proxy-jwt", from: 0, to: 0.35 },
      { strategy: "edge-jwt", from: 0.4, to: 2 },
    ]);
  });

  it("reports the model's error against a measured sweep", () => {
    const points = validate([{ rtt: 20, measured: 45 }, { rtt: 0, measured: 4 }], 2);
    expect(points).toEqual([
      { rtt: 0, measured: 4, predicted: 4, error: 0, relative: 0 },
      { rtt: 20, measured: 45, predicted: 44, error: 1, relative: 1 / 45 },
    ]);
  });

  it("places users on every inhabited continent", () => {
    expect(USER_CITIES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(USER_CITIES.map((c) => c.continent)).size).toBe(6);
  });
});
