/**
 * The `--geo` placement model, pure: what one signed-in page costs in auth for a user whose
 * edge location is `rtt` ms (round trip) from the region holding the database, the Redis, and
 * the Node deployment. A page is `readsPerPage` session reads (middleware + the render's
 * `auth()`, docs/callback-matrix.md "Later page load"), each costing the CPU the bench measured,
 * plus the round trips each strategy makes to that region. The user's last mile to the nearest
 * edge location is the same for every strategy and left out; connections are warm (no TLS setup).
 */
export interface CpuCost {
  median: number;
  p95: number;
}

/** Per session read, ms, measured by the bench (bench/subjects/geo.ts says which variant and runtime). */
export interface CpuCosts {
  edgeJwt: CpuCost;
  edgeDb: CpuCost;
  proxyJwt: CpuCost;
}

export interface Assumptions {
  readsPerPage: number;
  /** σ of the log-normal jitter on each round trip (its median is the published P50). */
  networkSigma: number;
  /** Seconds between one signed-in user's page loads. */
  userGapSeconds: number;
  /** AUTH_SESSION_CHECK_SECONDS for the interval variants. */
  checkSeconds: number;
  /** How long an edge location keeps a KV read (Workers KV `cacheTtl` default). */
  kvCacheSeconds: number;
  draws: number;
  seed: number;
}

export const ASSUMPTIONS: Assumptions = { readsPerPage: 2, networkSigma: 0.1, userGapSeconds: 30, checkSeconds: 300, kvCacheSeconds: 60, draws: 1000, seed: 23 };

/** CPU of `count` reads, or `roundTrips` round trips to the region, each made with `probability`. */
export type Part = { cpu: keyof CpuCosts; count: number } | { roundTrips: number; probability: number };

export interface Strategy {
  id: string;
  /** For chart legends and the short table. */
  short: string;
  label: string;
  parts: (a: Assumptions) => Part[];
}

const share = (gap: number, interval: number) => (interval <= 0 ? 1 : Math.min(1, gap / interval));

export const STRATEGIES: readonly Strategy[] = [
  { id: "edge-jwt", short: "JWT at the edge", label: "JWT in edge middleware", parts: (a) => [{ cpu: "edgeJwt", count: a.readsPerPage }] },
  {
    id: "edge-db-2rt",
    short: "DB sessions from the edge, 2 round trips a read",
    label: "database sessions from the edge, 2 round trips per read (@auth/pg-adapter, @auth/d1-adapter: session, then user)",
    parts: (a) => [{ cpu: "edgeDb", count: a.readsPerPage }, { roundTrips: 2 * a.readsPerPage, probability: 1 }],
  },
  {
    id: "edge-db-1rt",
    short: "DB sessions from the edge, 1 round trip a read",
    label: "database sessions from the edge, 1 round trip per read (one joined query)",
    parts: (a) => [{ cpu: "edgeDb", count: a.readsPerPage }, { roundTrips: a.readsPerPage, probability: 1 }],
  },
  {
    id: "edge-jwt-redis-0",
    short: "JWT + Redis check every read",
    label: "JWT + revocation, Redis in the region, check every read (AUTH_SESSION_CHECK_SECONDS=0)",
    parts: (a) => [{ cpu: "edgeJwt", count: a.readsPerPage }, { roundTrips: a.readsPerPage, probability: 1 }],
  },
  {
    id: "edge-jwt-redis-interval",
    short: "JWT + Redis check once per interval",
    label: "JWT + revocation, Redis in the region, check once per interval",
    // One check per interval per isolate; the page's second read finds the first one's.
    parts: (a) => [{ cpu: "edgeJwt", count: a.readsPerPage }, { roundTrips: 1, probability: share(a.userGapSeconds, a.checkSeconds) }],
  },
  {
    id: "edge-jwt-kv-0",
    short: "JWT + KV check every read",
    label: "JWT + revocation, KV at the edge, check every read (AUTH_SESSION_CHECK_SECONDS=0)",
    // A read the edge location has not cached within cacheTtl goes to KV's central store (taken as the region).
    parts: (a) => [{ cpu: "edgeJwt", count: a.readsPerPage }, { roundTrips: 1, probability: share(a.userGapSeconds, a.kvCacheSeconds) }],
  },
  {
    id: "edge-jwt-kv-interval",
    short: "JWT + KV check once per interval",
    label: "JWT + revocation, KV at the edge, check once per interval",
    parts: (a) => [
      { cpu: "edgeJwt", count: a.readsPerPage },
      { roundTrips: 1, probability: share(a.userGapSeconds, a.checkSeconds) * share(a.userGapSeconds, a.kvCacheSeconds) },
    ],
  },
  {
    id: "node-proxy-jwt",
    short: "Node proxy in the region (JWT)",
    label: "Node proxy and app in the region (JWT): the user's request travels there",
    parts: (a) => [{ cpu: "proxyJwt", count: a.readsPerPage }, { roundTrips: 1, probability: 1 }],
  },
];

/** mulberry32: a small seeded PRNG, so a model run is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Log-normal with the given median; σ fitted to the measured p95 for CPU (p95 = median · e^(1.645σ)). */
const cpuSigma = (cost: CpuCost) => (cost.p95 > cost.median && cost.median > 0 ? Math.log(cost.p95 / cost.median) / 1.645 : 0);

export interface Modelled {
  p50: number;
  p95: number;
}

/** p50 and p95 of one page's auth time at `rtt` ms from the region, over `a.draws` seeded draws. */
export function modelPage(strategy: Strategy, rtt: number, cpu: CpuCosts, a: Assumptions = ASSUMPTIONS): Modelled {
  const random = seededRandom(a.seed);
  const parts = strategy.parts(a);
  // A typed array sorts numerically, without a comparator call per comparison.
  const samples = Float64Array.from({ length: a.draws }, () => {
    let total = 0;
    for (const part of parts) {
      if ("cpu" in part) {
        const cost = cpu[part.cpu];
        for (let i = 0; i < part.count; i++) total += cost.median * Math.exp(cpuSigma(cost) * normal(random));
      } else {
        for (let i = 0; i < part.roundTrips; i++) if (random() < part.probability) total += rtt * Math.exp(a.networkSigma * normal(random));
      }
    }
    return total;
  });
  // Sorted once; nearest rank as stats.percentile takes it.
  samples.sort();
  const rank = (p: number) => samples[Math.max(1, Math.ceil((p / 100) * samples.length)) - 1] ?? Number.NaN;
  return { p50: rank(50), p95: rank(95) };
}

/** p50 of every strategy at every RTT of `grid`: what winners() and crossings() compare. */
export type Curves = Record<string, number[]>;

export function curves(strategies: readonly Strategy[], cpu: CpuCosts, grid: readonly number[], a: Assumptions = ASSUMPTIONS): Curves {
  return Object.fromEntries(strategies.map((s) => [s.id, grid.map((rtt) => modelPage(s, rtt, cpu, a).p50)]));
}

export interface Segment {
  strategy: string;
  /** RTT range (ms) over which this strategy has the lowest modelled p50. */
  from: number;
  to: number;
}

/** Which strategy is fastest (p50) at each distance of `grid`, merged into ranges. */
export function winners(lines: Curves, grid: readonly number[]): Segment[] {
  const segments: Segment[] = [];
  grid.forEach((rtt, i) => {
    const best = Object.entries(lines).reduce((x, y) => ((y[1][i] ?? Infinity) < (x[1][i] ?? Infinity) ? y : x))[0];
    const last = segments[segments.length - 1];
    if (last?.strategy === best) last.to = rtt;
    else segments.push({ strategy: best, from: rtt, to: rtt });
  });
  return segments;
}

/** The RTTs (ms, interpolated on `grid`) at which lines `a` and `b` swap places. */
export function crossings(a: readonly number[], b: readonly number[], grid: readonly number[]): number[] {
  // Ties are dropped: lines that touch (both flat at 0 ms) have not swapped.
  const gaps = grid.map((rtt, i) => ({ rtt, gap: (a[i] ?? Number.NaN) - (b[i] ?? Number.NaN) })).filter(({ gap }) => gap !== 0);
  return gaps.slice(1).flatMap((far, i) => {
    const near = gaps[i];
    if (!near || Math.sign(near.gap) === Math.sign(far.gap)) return [];
    return [near.rtt + ((far.rtt - near.rtt) * near.gap) / (near.gap - far.gap)];
  });
}

export interface ValidationPoint {
  rtt: number;
  measured: number;
  predicted: number;
  /** measured − predicted, ms, and that over measured. */
  error: number;
  relative: number;
}

/**
 * The model's database read against the delay-proxy sweep: the read at the smallest RTT, plus
 * `roundTrips` × the added RTT. Differences are what the additive model misses.
 */
export function validate(points: readonly { rtt: number; measured: number }[], roundTrips: number): ValidationPoint[] {
  const sorted = [...points].sort((a, b) => a.rtt - b.rtt);
  const base = sorted[0];
  if (!base) throw new Error("no sweep points to validate against");
  return sorted.map(({ rtt, measured }) => {
    const predicted = base.measured + roundTrips * (rtt - base.rtt);
    return { rtt, measured, predicted, error: measured - predicted, relative: (measured - predicted) / measured };
  });
}
