import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import autocannon from "autocannon";

import { buildBaseline } from "../lib/baseline";
import { startBenchRedis, type BenchRedis } from "../lib/bench-redis";
import { buildNodeMiddleware, middlewareBytes } from "../lib/node-middleware";
import type { LoadResult } from "../lib/results";
import { median } from "../lib/stats";
import { stageFolder } from "../../scripts/build-next-on-pages";
import buildIfStale from "../../test/support/build";
import { HttpClient } from "../../test/support/http-client";
import { migratedLocalD1 } from "../../test/support/local-d1";
import { startPostgres, type PostgresCluster } from "../../test/support/postgres";
import { startServer, type Target } from "../../test/support/servers";

/**
 * Subject: the app under load, one server per adapter. `--load` builds if needed, starts each
 * server on a free loopback port — `next start` (routes on Node), the next-on-pages build on
 * `wrangler pages dev` and as a Worker on `wrangler dev`, OpenNext's worker on `wrangler dev` —
 * with JWT sessions and database sessions (D1 on workerd, PostgreSQL under `next start`); signs
 * the demo user in over HTTP and runs autocannon on a protected page and /api/me with that
 * cookie. Not on the next-on-pages Worker, which serves the very same build as Pages.
 * "next start (edge routes)" serves the `.next` that `npm run build:cloudflare` built with every
 * route on the edge runtime: the measurement behind the default route runtime (docs/deploy.md).
 * The "Node.js middleware" servers run a build of the same tree with `runtime: "nodejs"` in
 * middleware.ts (bench/lib/node-middleware.ts): edge against Node middleware, from one source.
 * The Vercel path (the `next start` servers with `sessions`) compares JWT, database sessions on
 * PostgreSQL (Node.js middleware: edge middleware cannot open TCP) and JWT with revocation's
 * check in Redis, every request and every 60 s; the bench starts both stores (`benchStores`).
 * `--load-servers next` keeps the servers of the targets named. `--baseline REV[,REV]` adds
 * `next start` of those commits (bench/lib/baseline.ts), for a before/after from one run.
 * `--target URL --cookie …` runs the same against a deployment.
 */
const PATHS = ["/dashboard", "/api/me"] as const;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NODE_MIDDLEWARE = "node-middleware";
/** What a Redis-checked server sets: revocation on at this interval, Redis as its store. */
type RedisCheck = { redisCheckSeconds: number };

interface LoadServer {
  target: Target;
  strategy: "jwt" | "database";
  label: string;
  cwd?: string;
  /** On the Vercel path: what each session read consults, strategy + store + interval (the report's comparison). */
  sessions?: string;
  /** A store the server reads besides the cookie, started by the bench; its variables are set for the server. */
  store?: "postgres" | RedisCheck;
  /** Left out of `--quick` (the CI smoke, near its time limit). */
  notQuick?: true;
}

const SERVERS: LoadServer[] = [
  { target: "next", strategy: "jwt", label: "next start", sessions: "JWT" },
  { target: "next", strategy: "jwt", label: "next start (Node.js middleware)", cwd: NODE_MIDDLEWARE, sessions: "JWT" },
  { target: "next", strategy: "database", label: "next start (Node.js middleware)", cwd: NODE_MIDDLEWARE, sessions: "database, PostgreSQL", store: "postgres" },
  { target: "next", strategy: "jwt", label: "next start (Redis check every request)", sessions: "JWT + Redis check every request (`AUTH_SESSION_CHECK_SECONDS=0`)", store: { redisCheckSeconds: 0 } },
  { target: "next", strategy: "jwt", label: "next start (Redis check every 60 s)", sessions: "JWT + Redis check every 60 s (the Deploy button's default)", store: { redisCheckSeconds: 60 }, notQuick: true },
  { target: "next", strategy: "jwt", label: "next start (edge routes)", cwd: stageFolder() },
  { target: "workerd", strategy: "jwt", label: "Pages (next-on-pages)" },
  { target: "workerd", strategy: "database", label: "Pages (next-on-pages)" },
  { target: "worker", strategy: "jwt", label: "Worker (next-on-pages)" },
  { target: "opennext", strategy: "jwt", label: "Worker (OpenNext)" },
  { target: "opennext", strategy: "jwt", label: "Worker (OpenNext, Node.js middleware)", cwd: NODE_MIDDLEWARE },
  { target: "opennext", strategy: "database", label: "Worker (OpenNext)" },
];

/** The servers a run loads: those of `targets` (`--load-servers`, default all), and in `--quick` not the slow extras. */
export function loadServers({ targets, quick }: { targets?: readonly Target[]; quick: boolean }): LoadServer[] {
  return SERVERS.filter((server) => (!targets || targets.includes(server.target)) && !(quick && server.notQuick));
}

interface LoadOptions {
  quick: boolean;
  /** `--load-servers`: only the servers of these targets (e.g. `next`, the Vercel path). */
  targets?: readonly Target[];
  /** Past commits to build and load under `next start` beside the current tree. */
  baselines?: readonly string[];
  progress: (message: string) => void;
  local: boolean;
  target?: string;
  cookie?: string;
}

interface LoadSettings {
  connections: number;
  duration: number;
  warmup: number;
}

export async function measureLoad(options: LoadOptions): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const settings: LoadSettings = { connections: options.quick ? 2 : 10, duration: options.quick ? 1 : 10, warmup: options.quick ? 0 : 2 };
  if (options.local) {
    options.progress("load · building the app if the build is stale (OpenNext and next-on-pages, a few minutes)");
    buildIfStale();
    const baselines = (options.baselines ?? []).map((revision) => buildBaseline(revision, options.progress));
    const selected = loadServers({ targets: options.targets, quick: options.quick });
    // OpenNext's worker of the Node.js-middleware copy only when an OpenNext server loads it.
    const nodeMiddleware = selected.some((server) => server.cwd === NODE_MIDDLEWARE)
      ? buildNodeMiddleware(options.progress, selected.some((server) => server.target === "opennext") ? "build:opennext" : "build")
      : undefined;
    const servers: LoadServer[] = [...baselines.map(({ cwd, label }) => ({ target: "next" as const, strategy: "jwt" as const, label, cwd })), ...selected];
    const stores = benchStores(options.progress);
    try {
      for (const { target, strategy, label, cwd: folder, sessions, store } of servers) {
        const cwd = folder === NODE_MIDDLEWARE ? nodeMiddleware : folder;
        const d1 = strategy === "database" && !store ? await migratedLocalD1() : undefined;
        const env = { AUTH_SESSION_STRATEGY: strategy, ...(await stores.env(store)) };
        const spawned = performance.now();
        const server = await startServer(target, { env, wranglerArgs: d1?.wranglerArgs, cwd });
        const startSeconds = (performance.now() - spawned) / 1000;
        try {
          const client = new HttpClient(server.origin);
          await client.signIn("demo@example.com", "demo-password");
          const cookie = client.sessionCookie();
          if (!cookie) throw new Error(`load · sign-in on ${label} (${strategy}) set no session cookie`);
          const firstAnswer = await fetch(`${server.origin}/dashboard`, { headers: { cookie }, redirect: "manual" });
          if (firstAnswer.status !== 200) throw new Error(`load · first signed-in /dashboard on ${label} (${strategy}) answered ${firstAnswer.status}`);
          const firstSignedInSeconds = (performance.now() - spawned) / 1000;
          // Middleware bytes belong to the edge-against-Node comparison, whose rows read no store.
          const bytes = !store && (target === "next" || target === "opennext") ? middlewareBytes(cwd ?? ".") : undefined;
          const about = {
            startSeconds,
            firstSignedInSeconds,
            middlewareRuntime: folder === NODE_MIDDLEWARE ? ("nodejs" as const) : ("edge" as const),
            middlewareBytes: target === "next" ? bytes?.next : bytes?.opennext,
            ...(sessions && { sessions }),
          };
          for (const path of PATHS) {
            options.progress(`load · ${label} · ${strategy} · ${path} · ${settings.connections} connections for ${settings.duration}s`);
            const cacheControl = (await fetch(`${server.origin}${path}`, { headers: { cookie } })).headers.get("cache-control") ?? "none";
            const loaded = await runLoad(`${server.origin}${path}`, cookie, settings, { server: label, strategy });
            results.push({ ...loaded, ...about, cacheControl, serialMs: await serialMedian(`${server.origin}${path}`, cookie, options.quick ? 5 : 100) });
          }
        } finally {
          await server.stop();
          d1?.remove();
        }
      }
    } finally {
      await stores.stop();
    }
  }
  if (options.target && options.cookie) {
    for (const path of PATHS) {
      const url = new URL(path, options.target).toString();
      options.progress(`load · ${url} · ${settings.connections} connections for ${settings.duration}s`);
      results.push(await runLoad(url, options.cookie, settings, { server: new URL(options.target).host, strategy: "as deployed" }));
    }
  }
  return results;
}

/**
 * The Vercel path's stores, each started when the first server needs it and stopped after the
 * last: a PostgreSQL cluster (test/support/postgres.ts) with the schema `npm run db:migrate`
 * applies, and Redis behind the Upstash fixture (bench/lib/bench-redis.ts), named by the
 * variables Vercel's Upstash integration sets.
 */
function benchStores(progress: (message: string) => void) {
  let postgres: Promise<PostgresCluster> | undefined;
  let redis: Promise<BenchRedis> | undefined;
  return {
    async env(store: LoadServer["store"]): Promise<Record<string, string>> {
      if (store === undefined) return {};
      if (store === "postgres") {
        postgres ??= startPostgres().then((cluster) => {
          progress(`load · PostgreSQL ${cluster.version} on port ${cluster.port}: npm run db:migrate`);
          execFileSync("npm", ["run", "-s", "db:migrate"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: cluster.url() }, stdio: ["ignore", "ignore", "inherit"] });
          return cluster;
        });
        return { DATABASE_URL: (await postgres).url() };
      }
      redis ??= startBenchRedis();
      const { url, token } = await redis;
      return { KV_REST_API_URL: url, KV_REST_API_TOKEN: token, AUTH_SESSION_CHECK_SECONDS: String(store.redisCheckSeconds) };
    },
    async stop() {
      await (await postgres?.catch(() => undefined))?.stop();
      await (await redis?.catch(() => undefined))?.stop();
    },
  };
}

/** Median of `count` signed-in requests sent one after another, after the load run warmed the server. */
async function serialMedian(url: string, cookie: string, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function runLoad(url: string, cookie: string, { connections, duration, warmup }: LoadSettings, label: { server: string; strategy: string }): Promise<LoadResult> {
  // A discarded warm-up run first: the first requests compile routes and fill caches.
  if (warmup > 0) await autocannon({ url, connections, duration: warmup, headers: { cookie } });
  const result = await autocannon({ url, connections, duration, headers: { cookie } });
  return {
    ...label,
    path: new URL(url).pathname,
    connections,
    durationSeconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latency: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])),
  };
}
