/**
 * `npm run bench [-- options]`, the one bench program: measures what a session read costs
 * with JWT vs database sessions and what a signed-in page load costs in auth, writes
 * bench/results/<label>.{json,md} (+ -rtt.svg) and prints the tables.
 *
 *   (default)            session reads, JWT vs database, on Node, edge-runtime, workerd; embedded databases; no setup
 *   --quick              a few samples of every scenario (the CI smoke; fails on any error,
 *                        and on a load run with errors or non-2xx answers)
 *   --runtimes a,b       subset of node,edge-runtime,workerd
 *   --revocation         + session reads with revocation checking the store on every read (memory; KV on workerd; Redis on Node)
 *   --codec              + the JWT codec ladder: its rungs as session reads, decode/encode alone against the jose floor
 *   --page-load          + the auth cost of one signed-in page load (middleware + render reads)
 *   --subjects a,b       only these of session-reads,page-load,codec (default session-reads)
 *   --geo                + what users in 15 cities see per strategy, modelled from this run's medians (or --from's)
 *                        and a published RTT table; checked against a delay-proxy sweep
 *   --from FILE          with --geo: the results whose medians the model takes (default <out>/latest.json)
 *   --cold-starts N      process start to first signed-in answer on each adapter, N starts each, and bundle sizes
 *   --rtt 0,1,5,20,50    PostgreSQL at these added round-trip times (starts its own cluster)
 *   --load               autocannon against locally started servers
 *   --load-servers a,b   --load on the servers of these targets only (next,workerd,worker,opennext): `next` is the Vercel path
 *   --baseline REV[,REV] with --load: also `next start` of these past commits, built from git (before/after in one run)
 *   --refresh            a read that refreshes the provider's access token vs one that does not
 *   --target URL --cookie 'name=value'   the same load against a deployment
 *   --label NAME         results file name (default "latest"; "latest-geo" for --geo from a file); --out DIR (default bench/results)
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

import { describeMachine, installedVersions } from "./lib/machine";
import { renderSummaryTable } from "./lib/report";
import type { BenchResults } from "./lib/results";
import { runnersFor, RUNTIMES, type RuntimeName } from "./lib/runners";
import { writeResults } from "./lib/write-results";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "../lib/session-lifetime";
import { measureCodec } from "./subjects/codec";
import { measureColdStarts } from "./subjects/cold-starts";
import { measureDatabaseDistance } from "./subjects/database-distance";
import { modelGeo } from "./subjects/geo";
import { measureLoad } from "./subjects/load";
import { measurePageLoads } from "./subjects/page-load";
import { measureSessionReads } from "./subjects/session-reads";
import { measureRefresh } from "./subjects/token-refresh";
import { servers } from "../test/support/servers";

/** The in-process subjects, each run on every selected runtime through the same runners. */
const SUBJECTS = ["session-reads", "page-load", "codec"] as const;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runtimes: { type: "string", default: RUNTIMES.join(",") },
    subjects: { type: "string" },
    codec: { type: "boolean", default: false },
    "page-load": { type: "boolean", default: false },
    geo: { type: "boolean", default: false },
    from: { type: "string" },
    "cold-starts": { type: "string" },
    revocation: { type: "boolean", default: false },
    rtt: { type: "string" },
    load: { type: "boolean", default: false },
    "load-servers": { type: "string" },
    baseline: { type: "string" },
    refresh: { type: "boolean", default: false },
    target: { type: "string" },
    cookie: { type: "string" },
    label: { type: "string" },
    out: { type: "string", default: fileURLToPath(new URL("results", import.meta.url)) },
  },
});

const runtimes = (values.runtimes ?? "").split(",").map((name) => {
  if (!RUNTIMES.some((runtime) => runtime === name)) throw new Error(`--runtimes: unknown runtime "${name}" (use ${RUNTIMES.join(", ")})`);
  return name as RuntimeName;
});
const out = values.out ?? "bench/results";
// --geo alone (or with --from) models from an earlier run's medians: it then measures only its check.
const measuring = [values.subjects, values.quick, values.rtt, values.codec, values.revocation, values["page-load"]].some(Boolean);
const geoFile = values.geo && (values.from || !measuring) ? (values.from ?? join(out, "latest.json")) : undefined;
const earlier = geoFile && existsSync(geoFile) ? (JSON.parse(readFileSync(geoFile, "utf8")) as BenchResults) : undefined;
if (values.from && !earlier) throw new Error(`--from: no results at ${values.from}`);
const subjects = new Set((values.subjects ?? (earlier ? "" : "session-reads")).split(",").filter(Boolean).map((name) => {
  if (!SUBJECTS.some((subject) => subject === name)) throw new Error(`--subjects: unknown subject "${name}" (use ${SUBJECTS.join(", ")})`);
  return name;
}));
if (values.codec) subjects.add("codec");
if (values["page-load"]) subjects.add("page-load");
const coldStarts = values["cold-starts"] === undefined ? undefined : Number(values["cold-starts"]);
if (coldStarts !== undefined && !(Number.isInteger(coldStarts) && coldStarts > 0)) throw new Error(`--cold-starts: "${values["cold-starts"]}" is not a count of starts`);
if (values.revocation && !subjects.has("session-reads")) throw new Error("--revocation is a variant of the session-reads subject: keep session-reads in --subjects");
const rtts = values.rtt?.split(",").map((text) => {
  const rtt = Number(text);
  if (!Number.isFinite(rtt) || rtt < 0) throw new Error(`--rtt: "${text}" is not a number of milliseconds`);
  return rtt;
});
const loadTargets = values["load-servers"]?.split(",").map((name) => {
  const target = servers.find((known) => known === name);
  if (!target) throw new Error(`--load-servers: unknown target "${name}" (use ${servers.join(", ")})`);
  return target;
});
if (values.target && !values.cookie) throw new Error("--target needs --cookie 'authjs.session-token=…' (or __Secure-authjs.session-token=… over https)");

const started = performance.now();
// Before any work: the load average the report shows is the machine's at the start.
const machine = describeMachine();
const progress = (message: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
const quick = values.quick ?? false;

const runners = await runnersFor(runtimes);
// One line per feature a skipped variant needed ("fast-read is off in auth.config.ts"), in the report's caveats.
const off = new Set<string>();
const reads = subjects.has("session-reads")
  ? await measureSessionReads(runtimes, runners, { quick, revocation: values.revocation ?? false, ladder: values.codec ?? false, progress, off })
  : { sessionReads: [], ratios: [], plans: {} };
const pageLoads = subjects.has("page-load") ? await measurePageLoads(runtimes, runners, { quick, progress, off }) : undefined;
const codec = subjects.has("codec") ? await measureCodec(runtimes, runners, { quick, progress, off }) : undefined;
const distance = rtts ? await measureDatabaseDistance(rtts, { quick, progress }) : undefined;
// The model's check: this run's sweep, else the earlier run's, else a light sweep of its own.
const sweep = values.geo ? (distance ?? earlier?.distance ?? (await measureDatabaseDistance([0, 10, 25, 50], { quick, progress, light: true }))) : undefined;
const load =
  values.load || loadTargets || values.target
    ? await measureLoad({
        quick,
        progress,
        local: Boolean(values.load || loadTargets),
        targets: loadTargets,
        baselines: values.baseline?.split(",").filter(Boolean),
        target: values.target,
        cookie: values.cookie,
      })
    : undefined;
const cold = coldStarts ? await measureColdStarts(quick ? 1 : coldStarts, progress) : undefined;
// Last: it imports the app's config into this process, with the test IdP's variables set.
const refresh = values.refresh ? await measureRefresh({ quick, progress, off }) : undefined;

const versions = installedVersions();
if (distance) versions.postgresql = distance.serverVersion;
const plans = Object.entries(reads.plans);
const results: BenchResults = {
  meta: {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine,
    versions,
    method: {
      rounds: Object.fromEntries(plans.map(([runtime, plan]) => [runtime, plan.rounds])),
      warmup: Object.fromEntries(plans.map(([runtime, plan]) => [runtime, plan.jwt.warmup])),
      iterations: Object.fromEntries(plans.flatMap(([runtime, plan]) => [[`${runtime} jwt`, plan.jwt.iterations], [`${runtime} db`, plan.database.iterations]])),
      batch: Object.fromEntries(plans.flatMap(([runtime, plan]) => [[`${runtime} jwt`, plan.jwt.batch ?? 1], [`${runtime} db`, plan.database.batch ?? 1]])),
    },
    schema:
      "Auth.js tables as @auth/d1-adapter / @auth/pg-adapter query them (features/database-sessions/migrations/*.sql for SQLite and D1, features/database-sessions/postgres.sql: the app's own), plus users.role; UNIQUE index on sessions.sessionToken; a read is 2 queries (session by token, user by id).",
    writePolicy: `maxAge ${SESSION_MAX_AGE_SECONDS / 86400} days, updateAge ${SESSION_UPDATE_AGE_SECONDS / 3600} h (Auth.js defaults): "template-db" reads never write (the row is fresh); "template-db-write" sets updateAge 0 so each read also runs updateSession (3 more queries with @auth/d1-adapter, which runs the UPDATE twice; 2 with @auth/pg-adapter).`,
    caveats: [
      ...[...off].map((line) => `Not measured: ${line}.`),
      "Shared 2-core machine with other jobs running: absolute numbers are noisy; compare ratios measured in the same run.",
      "Stock JWT reads (stock-jwt, template-jwt-stock-codec) include what Auth.js does on every read: HKDF key derivation for decode and again for encode, decrypt, callbacks, re-encrypt, Set-Cookie. template-jwt (features/fast-read/jwt-codec.ts) derives keys once per secret, decrypts A256GCM, and sets the incoming token again while no claim changed and it is younger than a day (template-jwt-remint re-encrypts every read).",
      "workerd's clock ticks in 1 ms steps, so a workerd sample is the mean of a batch of reads and its p95/p99 are of batch means, not single reads.",
      "D1 on workerd is miniflare's local simulation (SQLite behind a local service), not Cloudflare's network D1.",
      "The stock baseline is Auth.js defaults with one Credentials provider; the template adds its callbacks and its JWT codec.",
      ...(pageLoads ? ["Page load is the auth part only (middleware + session reads in-process, no rendering, no network); `/dashboard` throughput on real servers is `--load`."] : []),
      ...(distance ? ["The PostgreSQL RTT is added by a user-space TCP proxy that holds each reply for the set time (Node timers: ≥1 ms, some overshoot); the measured RTT column is what a `select 1` saw."] : []),
    ],
  },
  sessionReads: reads.sessionReads,
  ratios: reads.ratios,
  pageLoads,
  distance,
  load,
  codec,
  refresh,
  coldStarts: cold,
};
if (sweep) {
  const own = results.sessionReads.length > 0;
  const from = own ? "this run" : `${geoFile} (${earlier?.meta.date}, \`${earlier?.meta.command}\`)`;
  results.geo = modelGeo(own ? results.sessionReads : (earlier?.sessionReads ?? []), sweep, from);
}

const paths = writeResults(results, out, values.label ?? (earlier ? "latest-geo" : "latest"));
process.stdout.write(`\n${renderSummaryTable(results)}\n\n`);
progress(`wrote ${[paths.json, paths.report, ...paths.charts].join(", ")}`);
const extras = [values.geo, values["page-load"], values.codec, values.revocation, values.load, loadTargets, values.refresh, values.target, rtts, coldStarts];
if (!extras.some(Boolean)) progress("more: --page-load, --revocation, --codec, --rtt 0,1,5,20,50, --geo, --load, --cold-starts 5, --refresh (bench/README.md)");

// The smoke fails on a load run that saw errors or non-2xx answers (a signed-in read must succeed).
const failedLoads = quick ? (load ?? []).filter((run) => run.errors > 0 || run.non2xx > 0) : [];
for (const run of failedLoads) progress(`load failed · ${run.server} · ${run.strategy} · ${run.path}: ${run.errors} errors, statuses ${JSON.stringify(run.statusCounts)}`);
if (failedLoads.length > 0) process.exitCode = 1;
