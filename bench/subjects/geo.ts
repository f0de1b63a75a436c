import { ASSUMPTIONS, crossings, curves, modelPage, STRATEGIES, validate, winners, type Assumptions, type CpuCosts, type Modelled, type Segment, type ValidationPoint } from "../lib/geo-model";
import type { DistanceResult, VariantResult } from "../lib/results";
import { DATABASE_REGIONS, RTT_SOURCE, USER_CITIES } from "../lib/rtt-table";

/**
 * Subject `--geo`: the placement model (bench/lib/geo-model.ts) fed with this bench's own
 * medians and a published RTT table (bench/lib/rtt-table.ts), checked against the delay-proxy
 * sweep. Pure given its inputs: bench/run.ts measures or loads them.
 */
export interface GeoResult {
  source: typeof RTT_SOURCE;
  /** Where the CPU medians come from: this run, or a results file (its date and command). */
  cpuFrom: string;
  cpu: CpuCosts & { edgeRuntime: string; proxyRuntime: string };
  assumptions: Assumptions;
  strategies: { id: string; short: string; label: string }[];
  regions: { id: string; label: string }[];
  cities: { city: string; continent: string; azureRegion: string; region: string; rtt: number; pages: Record<string, Modelled> }[];
  /** p50 by RTT to the region, per strategy: the crossover chart's lines. */
  curves: { rtt: number; p50: Record<string, number> }[];
  winners: Segment[];
  /** Where each strategy and the Node proxy swap places (ms of RTT). */
  againstProxy: { strategy: string; rtt: number[] }[];
  validation: { database: string; roundTrips: number; points: ValidationPoint[] };
}

/** The model's runtimes: the edge sandbox reads its database in process, so its DB median is CPU, not a local service hop (D1 in miniflare is). */
const EDGE_RUNTIMES = ["edge-runtime", "workerd"];
const PROXY_RUNTIME = "node";

export function cpuFrom(reads: readonly VariantResult[]): GeoResult["cpu"] {
  const cost = (runtime: string, variant: string) => {
    const found = reads.find((r) => r.runtime === runtime && r.variant === variant);
    if (!found) throw new Error(`--geo needs ${runtime} ${variant} medians (run the default bench first, or pass --from)`);
    return { median: found.whole.median, p95: found.whole.p95 };
  };
  const edgeRuntime = EDGE_RUNTIMES.find((runtime) => reads.some((r) => r.runtime === runtime)) ?? "edge-runtime";
  return { edgeRuntime, proxyRuntime: PROXY_RUNTIME, edgeJwt: cost(edgeRuntime, "template-jwt"), edgeDb: cost(edgeRuntime, "template-db"), proxyJwt: cost(PROXY_RUNTIME, "template-jwt") };
}

export function modelGeo(reads: readonly VariantResult[], distance: DistanceResult, cpuSource: string, a: Assumptions = ASSUMPTIONS): GeoResult {
  const cpu = cpuFrom(reads);
  // Fine where lines cross (near 0), coarser far out: 0–2 ms by 0.1, to 10 by 0.5, to 50 by 1, to 300 by 5.
  const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) }, (_, i) => Number((from + i * step).toFixed(1)));
  const grid = [...steps(0, 2, 0.1), ...steps(2, 10, 0.5), ...steps(10, 50, 1), ...steps(50, 300, 5), 300];
  // Log-spaced, 0.5 to 300 ms: the crossover chart's x axis is logarithmic.
  const curveAt = Array.from({ length: 25 }, (_, i) => Number((0.5 * 600 ** (i / 24)).toPrecision(2)));
  const lines = curves(STRATEGIES, cpu, grid, a);
  const proxy = lines["node-proxy-jwt"] ?? [];
  return {
    source: RTT_SOURCE,
    cpuFrom: cpuSource,
    cpu,
    assumptions: a,
    strategies: STRATEGIES.map(({ id, short, label }) => ({ id, short, label })),
    regions: DATABASE_REGIONS.map(({ id, label }) => ({ id, label })),
    cities: DATABASE_REGIONS.flatMap(({ id: region }) =>
      USER_CITIES.map(({ city, continent, azureRegion, rtt }) => ({
        city,
        continent,
        azureRegion,
        region,
        rtt: rtt[region],
        pages: Object.fromEntries(STRATEGIES.map((s) => [s.id, modelPage(s, rtt[region], cpu, a)])),
      })),
    ),
    curves: curveAt.map((rtt) => ({ rtt, p50: Object.fromEntries(STRATEGIES.map((s) => [s.id, modelPage(s, rtt, cpu, a).p50])) })),
    winners: winners(lines, grid),
    againstProxy: STRATEGIES.filter((s) => s.id !== "node-proxy-jwt").map((s) => ({ strategy: s.id, rtt: crossings(lines[s.id] ?? [], proxy, grid) })),
    // @auth/pg-adapter's getSessionAndUser is two queries (session, then user): two round trips a read.
    validation: {
      database: distance.database,
      roundTrips: 2,
      points: validate(distance.points.map((p) => ({ rtt: p.rttMeasured, measured: p.database.median })), 2),
    },
  };
}
