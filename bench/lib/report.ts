import { renderCodecSection } from "../codec/report";
import { renderColdStarts } from "../subjects/cold-starts";
import { renderGeoSection, whichStrategyTable } from "./geo-report";
import { markdownTable } from "./markdown-table";
import { middlewareRuntimeTable } from "./middleware-runtime-report";
import type { BenchResults, VariantResult } from "./results";
import { vercelPathTable } from "./vercel-path-report";

/** Renders the markdown report and the terminal table from the results JSON alone. */

const ms = (value: number) => (value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3));
const ratio = (value: number) => `${value.toFixed(2)}×`;
const ops = (value: number) => Math.round(value).toLocaleString("en-US");

/** The tables printed at the end of a run: session reads and ratios, then each other subject's. */
export function renderSummaryTable(results: BenchResults): string {
  const parts = results.sessionReads.length > 0 ? [readTables(results)] : [];
  if (results.ratios.some((r) => r.revocation?.length)) parts.push(revocationTable(results));
  if (results.pageLoads?.length) parts.push(pageLoadTable(results));
  if (results.distance) parts.push(distanceTable(results));
  if (results.load?.length) parts.push(loadTable(results), adapterTable(results));
  const vercel = vercelPathTable(results);
  if (vercel) parts.push(vercel);
  const runtimes = middlewareRuntimeTable(results);
  if (runtimes) parts.push(runtimes);
  if (results.refresh) parts.push(refreshTable(results));
  if (results.coldStarts?.length) parts.push(renderColdStarts(results.coldStarts));
  const geo = results.geo;
  if (geo) parts.push(...geo.regions.map((region) => `Database in ${region.label}:\n\n${whichStrategyTable(geo, region.id)}`));
  return parts.join("\n\n");
}

/** One line per runtime and variant, then the ratios. */
function readTables(results: BenchResults): string {
  const reads = markdownTable(
    ["runtime", "variant", "database", "median ms", "p95 ms", "p99 ms", "ops/s", "n"],
    results.sessionReads.map((r) => [r.runtime, r.variant, r.variant.includes("db") ? r.database : "—", ms(r.whole.median), ms(r.whole.p95), ms(r.whole.p99), ops(r.whole.opsPerSecond), String(r.whole.n)]),
  );
  const ratios = markdownTable(
    ["runtime", "DB/JWT", "DB (write every read)/JWT", "template/stock JWT", "codec: cached keys + A256GCM saved ms", "codec: token reuse saved ms", "DB/JWT per round"],
    results.ratios.map((r) => [
      r.runtime,
      ratio(r.dbOverJwt),
      ratio(r.dbWriteOverJwt),
      ratio(r.templateOverStock),
      r.codecSavings ? ms(r.codecSavings.cachedKeysAndGcm) : "—",
      r.codecSavings ? ms(r.codecSavings.tokenReuse) : "—",
      r.roundDbOverJwt.map(ratio).join(", "),
    ]),
  );
  return `${reads}\n\n${ratios}`;
}

function distanceTable(results: BenchResults): string {
  const distance = results.distance;
  if (!distance) return "";
  const rows = distance.points.map((p) => [
    String(p.rttNominal),
    ms(p.rttMeasured),
    ms(p.jwt.median),
    p.stockJwt ? ms(p.stockJwt.median) : "—",
    ms(p.database.median),
    ms(p.database.p99),
    ratio(p.database.median / p.jwt.median),
  ]);
  const verdict = (crossover: number | undefined, jwt: string) =>
    crossover === undefined
      ? `The database read stays faster than ${jwt} over the measured range.`
      : crossover === 0
        ? `${jwt} is faster at every measured distance, loopback included.`
        : `**Crossover: ${jwt} wins above ${crossover.toFixed(2)} ms of round-trip time to ${distance.database}.**`;
  const verdicts = [verdict(distance.crossoverRtt, "The template's JWT")];
  if (distance.points.every((p) => p.stockJwt)) verdicts.push(verdict(distance.stockCrossoverRtt, "Auth.js's stock JWT"));
  return `${markdownTable(["RTT ms (set)", "RTT ms (measured)", "JWT median", "stock JWT median", "DB median", "DB p99", "DB/JWT"], rows)}\n\n${verdicts.join(" ")}`;
}

function revocationTable(results: BenchResults): string {
  return markdownTable(
    ["runtime", "revocation on, store read every request", "added ms per read", "on/off"],
    results.ratios.flatMap((r) => (r.revocation ?? []).map((c) => [r.runtime, c.store, ms(c.addedMs), ratio(c.overJwt)])),
  );
}

function pageLoadTable(results: BenchResults): string {
  const optional = (value: number | undefined) => (value === undefined ? "–" : ratio(value));
  return markdownTable(
    ["runtime", "page load (auth only)", "median ms", "p95 ms", "× stock", "middleware ms", "middleware × stock", "read ms", "read × stock"],
    (results.pageLoads ?? []).map((p) => [
      p.runtime,
      p.scenario,
      ms(p.whole.median),
      ms(p.whole.p95),
      ratio(p.overStock),
      ms(p.middleware.median),
      optional(p.middlewareOverStock),
      ms(p.read.median),
      optional(p.readOverStock),
    ]),
  );
}

/** Where middleware's time goes, per job variant (scenarios that share a variant share its middleware). */
function middlewarePhaseTable(results: BenchResults): string {
  const seen = new Set<string>();
  const rows = (results.pageLoads ?? []).filter((p) => p.middlewarePhases && !seen.has(`${p.runtime}/${p.variant}`) && seen.add(`${p.runtime}/${p.variant}`));
  if (rows.length === 0) return "";
  const phase = (p: (typeof rows)[number], name: string) => {
    const value = p.middlewarePhases?.[name];
    return value === undefined ? "–" : ms(value);
  };
  return markdownTable(
    ["runtime", "middleware", "whole ms", "decode", "callbacks", "encode", "rest of the Auth.js part", "wrappers"],
    rows.map((p) => [p.runtime, p.variant, ms(p.middleware.median), phase(p, "decode"), phase(p, "callbacks"), phase(p, "encode"), phase(p, "authjs"), phase(p, "wrappers")]),
  );
}

/** Throughput of the same page a page load measures, from `--load` on real servers. */
function dashboardLoad(results: BenchResults): string {
  const rows = (results.load ?? []).filter((l) => l.path === "/dashboard");
  if (rows.length === 0) return "`/dashboard` under load: not measured in this run (`--load`).";
  return markdownTable(
    ["server", "strategy", "`/dashboard` req/s", "p50 ms", "p99 ms", "non-2xx"],
    rows.map((l) => [l.server, l.strategy, l.requestsPerSecond.toFixed(0), ms(l.latency.p50), ms(l.latency.p99), String(l.non2xx)]),
  );
}

function loadTable(results: BenchResults): string {
  return markdownTable(
    ["server", "strategy", "path", "conns", "req/s", "p50 ms", "p97.5 ms", "p99 ms", "errors", "non-2xx", "statuses", "Cache-Control"],
    (results.load ?? []).map((l) => [
      l.server,
      l.strategy,
      l.path,
      String(l.connections),
      l.requestsPerSecond.toFixed(0),
      ms(l.latency.p50),
      ms(l.latency.p97_5),
      ms(l.latency.p99),
      String(l.errors),
      String(l.non2xx),
      Object.entries(l.statusCounts).map(([status, count]) => `${status}:${count}`).join(" "),
      l.cacheControl ?? "—",
    ]),
  );
}

/** Requests per second, one row per adapter and one column per strategy and path; start time of its first server. */
function adapterTable(results: BenchResults): string {
  const load = results.load ?? [];
  const column = (l: { strategy: string; path: string }) => `${l.strategy} ${l.path}`;
  const columns = [...new Set(load.map(column))];
  const rows = [...new Set(load.map((l) => l.server))].map((server) => [
    server,
    ((start) => (start === undefined ? "—" : start.toFixed(1)))(load.find((l) => l.server === server)?.startSeconds),
    ...columns.map((name) => {
      const hit = load.find((l) => l.server === server && column(l) === name);
      return hit ? hit.requestsPerSecond.toFixed(0) : "—";
    }),
  ]);
  return markdownTable(["adapter", "start s", ...columns.map((name) => `${name} req/s`)], rows);
}

function phaseTable(reads: VariantResult[]): string {
  const phases = [...new Set(reads.flatMap((r) => Object.keys(r.phases)))];
  return markdownTable(
    ["runtime", "variant", "whole", ...phases, "rest of Auth.js"],
    reads.map((r) => {
      const parts = phases.map((phase) => r.phases[phase]?.median);
      const rest = r.whole.median - parts.reduce<number>((sum, value) => sum + (value ?? 0), 0);
      return [r.runtime, r.variant, ms(r.whole.median), ...parts.map((value) => (value === undefined ? "—" : ms(value))), ms(Math.max(0, rest))];
    }),
  );
}

export function renderReport(results: BenchResults, chartFile?: string, geoCharts: string[] = []): string {
  const { meta } = results;
  const lines = [
    "# Session read benchmark: JWT vs database sessions",
    "",
    `- **Date:** ${meta.date}`,
    `- **Command:** \`${meta.command}\``,
    `- **Machine:** ${meta.machine.cpus} × ${meta.machine.cpuModel}, ${meta.machine.memoryGiB} GiB, ${meta.machine.os}, load average at start ${meta.machine.loadAverage.join(" / ")}`,
    `- **Versions:** ${Object.entries(meta.versions).map(([name, version]) => `${name} ${version}`).join(", ")}`,
    `- **Method:** each variant in a fresh process (workerd: a fresh miniflare instance) per round, order reversed every other round; rounds ${JSON.stringify(meta.method.rounds)}, warm-up reads ${JSON.stringify(meta.method.warmup)}, timed samples per round ${JSON.stringify(meta.method.iterations)}, reads per sample ${JSON.stringify(meta.method.batch)}.`,
    `- **Schema:** ${meta.schema}`,
    `- **Write policy:** ${meta.writePolicy}`,
    "",
    "## Caveats",
    "",
    ...meta.caveats.map((caveat) => `- ${caveat}`),
  ];
  if (results.sessionReads.length > 0) {
    lines.push(
      "",
      "## Per request (whole read through `Auth()`)",
      "",
      readTables(results),
      "",
      "## Phases (medians, ms)",
      "",
      "Each phase's median over the same samples; medians do not add up exactly. \"Rest\" is whole minus the listed phases: request parsing, cookie handling, Set-Cookie, JSON.",
      "",
      phaseTable(results.sessionReads),
    );
  }
  const stores = new Set(results.ratios.flatMap((r) => r.revocation?.map((cost) => cost.store) ?? []));
  if (stores.size > 0) {
    const kv = stores.has("kv") ? " KV is miniflare's local KV (workerd only)." : "";
    const redis = stores.has("redis") ? " Redis is a real redis-server behind the Upstash HTTP fixture on loopback (every runtime)." : "";
    lines.push(
      "",
      "## Revocation (`--revocation`)",
      "",
      `\`template-jwt\` with revocation on and an interval of 0, so every read reads the session-version store (features/revocation/session-version.ts; \`AUTH_SESSION_CHECK_SECONDS=0\`), against revocation off in the same run. With a longer interval a read costs the store read at most once per interval per user per isolate, and nothing in between.${kv}${redis}`,
      "",
      revocationTable(results),
    );
  }
  if (results.pageLoads?.length) {
    lines.push(
      "",
      "## Page load (auth cost of one signed-in page load)",
      "",
      "Middleware once (`middleware.ts`'s default export as Next calls it, on a signed-in request to `/dashboard`; stock: `NextAuth(config).auth` with Auth.js's own codec) plus the render's session reads (`auth()`). Stock `auth()` and the template before the shared read are GET /api/auth/session through `Auth()`, parsed as JSON; the template's is the shared read (features/fast-read/session-read.ts) that its middleware makes too. Stock Auth.js reads twice (layout and page); the template reads once per render (a React `cache()`d `auth()`). Middleware and reads are timed in separate batches per sample (workerd: many calls per batch, never one call on its 1 ms clock); a page load's sample is middleware + reads × read.",
      "",
      pageLoadTable(results),
      "",
      "Where middleware's time goes (medians of per-sample parts). Each sample also runs the Auth.js part alone (stock: `NextAuth(config).auth`; the template: lib/auth-middleware.ts) and `jwt.decode` alone, each as a batch; callbacks (`jwt` + `session`) and encode are timed per call inside the Auth.js part, so only on Node and edge-runtime (on workerd's 1 ms clock a single call reads as 0 or 1 ms: there they stay in the rest, shown as –). The rest of the Auth.js part is cookie parsing and request/response building (for stock and `template-authjs`, `Auth()`'s round trip); wrappers are the whole middleware less that part (the template's chain in middleware.ts; stock has none, so its figure is noise around 0).",
      "",
      middlewarePhaseTable(results),
      "",
      dashboardLoad(results),
    );
  }
  if (results.distance) {
    lines.push("", "## Database distance (Node, PostgreSQL through a delaying TCP proxy)", "", distanceTable(results));
    if (chartFile) lines.push("", `![latency vs RTT](${chartFile})`);
  }
  if (results.load?.length) lines.push("", "## Load (autocannon)", "", loadTable(results), "", "### By adapter", "", adapterTable(results));
  const vercel = vercelPathTable(results);
  if (vercel) {
    lines.push(
      "",
      "### The Vercel path (`next start`): JWT, database sessions, JWT with the Redis check",
      "",
      "Same machine, same run, same load per row. PostgreSQL and Redis are local (loopback; Redis behind the Upstash HTTP protocol fixture, in its own process), so a row's store costs its work, not a network's distance: on Vercel each store read adds its round trip to the region (`--geo`). Database sessions need Node.js middleware (edge middleware cannot open TCP); the Redis rows run the default edge middleware.",
      "",
      vercel,
    );
  }
  const runtimes = middlewareRuntimeTable(results);
  if (runtimes) lines.push("", "### Edge against Node.js middleware (one source: `runtime: \"nodejs\"` in middleware.ts's config)", "", runtimes);
  if (results.codec) lines.push("", "## Codec (`--codec`)", "", renderCodecSection(results.codec));
  if (results.refresh) {
    lines.push(
      "",
      "## A read that refreshes the provider's access token (`--refresh`)",
      "",
      "`GET /api/auth/session` through `Auth()` with middleware's config (auth.config.ts with its features' hooks, token refresh among them; memory refresh store), variants alternating read by read. The refresh includes a refresh-token grant at the IdP on loopback (same process), so it measures this app's work plus a nearby provider; a real provider adds its network round trip.",
      "",
      refreshTable(results),
    );
  }
  if (results.coldStarts?.length) lines.push("", "## Cold starts (`--cold-starts`)", "", renderColdStarts(results.coldStarts));
  if (results.geo) lines.push("", "## Geography (`--geo`): what a user far from the database sees", "", renderGeoSection(results.geo, geoCharts));
  return `${lines.join("\n")}\n`;
}

function refreshTable(results: BenchResults): string {
  const refresh = results.refresh;
  if (!refresh) return "";
  const rows = refresh.reads.map((r) => [refresh.runtime, r.variant, ms(r.whole.median), ms(r.whole.p95), ms(r.whole.p99), String(r.whole.n)]);
  return `${markdownTable(["runtime", "session read", "median ms", "p95 ms", "p99 ms", "n"], rows)}\n\nrefreshes / not due: ${ratio(refresh.refreshOverNotDue)} (IdP: ${refresh.idp}).`;
}
