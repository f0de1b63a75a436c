import type { CodecResult } from "../codec/report";
import type { ColdStart } from "../subjects/cold-starts";
import type { GeoResult } from "../subjects/geo";
import type { RefreshResult } from "../subjects/token-refresh";
import type { Pooled } from "./interleave";
import { crossoverRtt, median, summarize, type Summary } from "./stats";

/** The JSON written to bench/results/*.json; the report is rendered from it alone. */
export interface BenchResults {
  meta: BenchMeta;
  sessionReads: VariantResult[];
  ratios: RuntimeRatios[];
  /** Absent in results from before the page-load subject. */
  pageLoads?: PageLoadResult[];
  distance?: DistanceResult;
  load?: LoadResult[];
  /** `--codec`: decode/encode alone against the jose floor. */
  codec?: CodecResult;
  /** `--refresh`: reads that refresh the provider's access token against reads that do not. */
  refresh?: RefreshResult;
  /** `--geo`: the placement model, its inputs and its check against the delay-proxy sweep. */
  geo?: GeoResult;
  /** `--cold-starts N`: process start to first signed-in answer per adapter, and bundle sizes. */
  coldStarts?: ColdStart[];
}

export interface BenchMeta {
  date: string;
  command: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; loadAverage: number[] };
  versions: Record<string, string>;
  method: { rounds: Record<string, number>; warmup: Record<string, number>; iterations: Record<string, number>; batch: Record<string, number> };
  schema: string;
  writePolicy: string;
  caveats: string[];
}

export interface VariantResult {
  runtime: string;
  database: string;
  variant: string;
  whole: Summary;
  phases: Record<string, Summary>;
  roundMedians: number[];
}

export interface RuntimeRatios {
  runtime: string;
  /** median(template-db) / median(template-jwt), same run, interleaved. */
  dbOverJwt: number;
  /** The same with a write on every read (updateAge 0). */
  dbWriteOverJwt: number;
  /** median(template-jwt) / median(stock-jwt): the template's session read against stock Auth.js (issue target ≤ 0.5). */
  templateOverStock: number;
  /**
   * What each idea of features/fast-read/jwt-codec.ts saves per read (ms, difference of medians between the
   * JWT ladder's rungs). Only when the ladder ran (`--codec`).
   */
  codecSavings?: { cachedKeysAndGcm: number; tokenReuse: number };
  /** dbOverJwt per round, from each round's medians. */
  roundDbOverJwt: number[];
  /** `--revocation`: the template's read with a store read on every read, against revocation off. */
  revocation?: RevocationCost[];
}

export interface RevocationCost {
  /** The version store read on every read: "memory" or "kv". */
  store: string;
  /** median(with revocation) − median(template-jwt), ms. */
  addedMs: number;
  /** median(with revocation) / median(template-jwt). */
  overJwt: number;
}

/** The parts of middleware a page-load sample records besides `middleware` and `read` (bench/lib/page-load.ts). */
export const MIDDLEWARE_PHASES = ["decode", "callbacks", "encode", "authjs", "wrappers"] as const;

/** One scenario of the page-load subject on one runtime: middleware once plus `reads` render reads. */
export interface PageLoadResult {
  runtime: string;
  scenario: string;
  /** The job variant whose samples it is priced from: "stock" or "template". */
  variant: string;
  reads: number;
  /** Per sample: middleware + reads × read (each the mean of its batch). */
  whole: Summary;
  middleware: Summary;
  read: Summary;
  /** median(whole) / median(whole) of stock Auth.js, same runtime, same run. */
  overStock: number;
  /** median(middleware) / stock's, and median(read) / stock's; absent in results from before they were reported. */
  middlewareOverStock?: number;
  readOverStock?: number;
  /** Medians of middleware's parts (bench/lib/page-load.ts): decode, callbacks, encode, authjs (the rest of the Auth.js part), wrappers. */
  middlewarePhases?: Record<string, number>;
  /** Calls per timed batch (each part), rounds, warm-up and samples per round. */
  method: { rounds: number; warmup: number; iterations: number; batch: number };
}

export interface DistancePoint {
  rttNominal: number;
  /** Median `select 1` through the proxy minus the same on a direct connection. */
  rttMeasured: number;
  jwt: Summary;
  database: Summary;
  /** Auth.js's own JWT codec (`stock-jwt`); absent in results from before it was measured here. */
  stockJwt?: Summary;
}

export interface DistanceResult {
  database: string;
  points: DistancePoint[];
  /** Measured RTT (ms) above which a JWT read is faster; 0 = JWT faster at every distance. */
  crossoverRtt: number | undefined;
  /** The same against Auth.js's own JWT codec: where an untuned JWT template stands. */
  stockCrossoverRtt?: number | undefined;
}

export interface LoadResult {
  server: string;
  /** Seconds from spawning the server to its first answer (local runs only). */
  startSeconds?: number;
  /** The path's Cache-Control for the signed-in user, as this server sent it. */
  cacheControl?: string;
  /** The runtime middleware.ts ran on in this build (absent in results from before Next 16: edge). */
  middlewareRuntime?: "edge" | "nodejs";
  /** Seconds from spawning the server to its first signed-in `/dashboard` answer, sign-in included (cold start). */
  firstSignedInSeconds?: number;
  /** Median ms of one signed-in request to this path, sent one after another (no queueing). */
  serialMs?: number;
  /** Bytes of the middleware this server runs (bench/lib/node-middleware.ts); next start and OpenNext only. */
  middlewareBytes?: number;
  /** On the Vercel path (`next start`): what each session read consults, e.g. "JWT + Redis check every request". */
  sessions?: string;
  strategy: string;
  path: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p97_5: number; p99: number };
  errors: number;
  non2xx: number;
  statusCounts: Record<string, number>;
}

export function toVariantResult(runtime: string, database: string, pooled: Pooled): VariantResult {
  return {
    runtime,
    database,
    variant: pooled.variant,
    whole: summarize(pooled.whole),
    phases: Object.fromEntries(Object.entries(pooled.phases).map(([phase, samples]) => [phase, summarize(samples)])),
    roundMedians: pooled.roundMedians,
  };
}

export function ratiosFor(runtime: string, pooled: readonly Pooled[]): RuntimeRatios {
  const find = (variant: string) => {
    const found = pooled.find((p) => p.variant === variant);
    if (!found) throw new Error(`${runtime}: no samples for ${variant}`);
    return found;
  };
  const jwt = find("template-jwt");
  const rung = (variant: string) => pooled.find((p) => p.variant === variant);
  const stockCodec = rung("template-jwt-stock-codec");
  const remint = rung("template-jwt-remint");
  const db = find("template-db");
  return {
    runtime,
    dbOverJwt: median(db.whole) / median(jwt.whole),
    dbWriteOverJwt: median(find("template-db-write").whole) / median(jwt.whole),
    templateOverStock: median(jwt.whole) / median(find("stock-jwt").whole),
    ...(stockCodec && remint && {
      codecSavings: { cachedKeysAndGcm: median(stockCodec.whole) - median(remint.whole), tokenReuse: median(remint.whole) - median(jwt.whole) },
    }),
    roundDbOverJwt: db.roundMedians.map((value, round) => value / (jwt.roundMedians[round] ?? Number.NaN)),
    ...(pooled.some((p) => p.variant.startsWith("template-jwt-revocation-")) && {
      revocation: pooled.flatMap((p) => {
        const store = /^template-jwt-revocation-(.+)$/.exec(p.variant)?.[1];
        if (!store) return [];
        const on = median(p.whole);
        const off = median(jwt.whole);
        return [{ store, addedMs: on - off, overJwt: on / off }];
      }),
    }),
  };
}

/**
 * The page-load scenarios priced from the two job variants' samples: stock Auth.js and the
 * template before one-read-per-render (layout and page each read), and the template now.
 */
export const PAGE_LOAD_SCENARIOS = [
  { scenario: "stock Auth.js (middleware + 2 reads)", variant: "stock", reads: 2 },
  { scenario: "template through Auth(), 2 reads (before one read per render)", variant: "template-authjs", reads: 2 },
  { scenario: "template through Auth(), 1 read per render (before the shared read)", variant: "template-authjs", reads: 1 },
  { scenario: "template (shared read, 1 read per render)", variant: "template", reads: 1 },
] as const;

export function pageLoadsFor(runtime: string, pooled: readonly Pooled[], method: PageLoadResult["method"]): PageLoadResult[] {
  // A variant skipped because its feature is off (bench/lib/app.ts) has no rows.
  const measured = PAGE_LOAD_SCENARIOS.filter(({ variant }) => pooled.some((p) => p.variant === variant));
  const rows = measured.map(({ scenario, variant, reads }) => {
    const found = pooled.find((p) => p.variant === variant);
    const middleware = found?.phases.middleware;
    const read = found?.phases.read;
    if (!middleware || !read) throw new Error(`${runtime}: no page-load samples for ${variant}`);
    const whole = middleware.map((value, i) => value + reads * (read[i] ?? Number.NaN));
    const middlewarePhases = Object.fromEntries(
      MIDDLEWARE_PHASES.flatMap((phase) => (found.phases[phase]?.length ? [[phase, median(found.phases[phase])] as const] : [])),
    );
    const parts = Object.keys(middlewarePhases).length > 0 ? { middlewarePhases } : {};
    return { runtime, scenario, variant, reads, whole: summarize(whole), middleware: summarize(middleware), read: summarize(read), overStock: 0, ...parts, method };
  });
  const stock = rows[0];
  return rows.map((row) => ({
    ...row,
    overStock: row.whole.median / (stock?.whole.median ?? Number.NaN),
    middlewareOverStock: row.middleware.median / (stock?.middleware.median ?? Number.NaN),
    readOverStock: row.read.median / (stock?.read.median ?? Number.NaN),
  }));
}

/** Crossovers over measured RTTs and medians; recomputed from the points whenever a report is rendered. */
export function crossoversFrom(points: readonly DistancePoint[]): Pick<DistanceResult, "crossoverRtt" | "stockCrossoverRtt"> {
  const against = (jwt: (p: DistancePoint) => Summary | undefined) =>
    crossoverRtt(points.flatMap((p) => { const j = jwt(p); return j ? [{ rtt: p.rttMeasured, jwt: j.median, database: p.database.median }] : []; }));
  return {
    crossoverRtt: against((p) => p.jwt),
    stockCrossoverRtt: points.every((p) => p.stockJwt) ? against((p) => p.stockJwt) : undefined,
  };
}
