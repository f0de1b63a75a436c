import { describe, expect, it } from "vitest";

import { renderCityChart, renderCrossoverChart } from "../lib/geo-chart";
import { renderGeoSection, whichStrategyTable } from "../lib/geo-report";
import { ASSUMPTIONS, crossings, curves, modelPage, STRATEGIES, validate, winners, type CpuCosts } from "../lib/geo-model";
import { USER_CITIES } from "../lib/rtt-table";
import { modelGeo } from "../subjects/geo";

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

describe("geo result, report and charts", () => {
  const summary = (median: number) => ({ n: 10, median, p95: median, p99: median, opsPerSecond: 1000 / median });
  const read = (runtime: string, variant: string, median: number) => ({ runtime, database: "—", variant, whole: summary(median), phases: {}, roundMedians: [median] });
  const reads = [read("edge-runtime", "template-jwt", 0.5), read("edge-runtime", "template-db", 0.4), read("node", "template-jwt", 0.3)];
  const distance = {
    database: "PostgreSQL",
    crossoverRtt: 0,
    points: [0, 10].map((rtt) => ({ rttNominal: rtt, rttMeasured: rtt, jwt: summary(0.5), database: summary(1 + 2 * rtt + (rtt ? 1 : 0)) })),
  };

  it("models every city for every database region from the run's medians, and cites its RTT source", () => {
    const geo = modelGeo(reads, distance, "this run", { ...ASSUMPTIONS, draws: 100 });
    expect(geo.cpu).toMatchObject({ edgeRuntime: "edge-runtime", edgeJwt: { median: 0.5 }, edgeDb: { median: 0.4 }, proxyJwt: { median: 0.3 } });
    expect(geo.cities).toHaveLength(2 * USER_CITIES.length);
    expect(geo.validation.points.map((p) => p.error)).toEqual([0, 1]);
    const section = renderGeoSection(geo, ["geo-crossover.svg"]);
    expect(section).toContain("learn.microsoft.com/en-us/azure/networking/azure-network-latency");
    expect(section).toContain("Largest error 1.00 ms");
    expect(whichStrategyTable(geo, "eu-central")).toMatch(/^\| user in \| RTT to region ms \|/);
    const crossover = renderCrossoverChart(geo);
    expect(crossover).toContain(">100</text>");
    expect(crossover).not.toMatch(/>\d+\.\d{3,}<\/text>/);
    expect(renderCityChart(geo, "us-east")).toContain("Sydney (204 ms)");
  });

  it("refuses to model without the medians it needs", () => {
    expect(() => modelGeo(reads.slice(1), distance, "this run")).toThrow(/template-jwt/);
  });
});
