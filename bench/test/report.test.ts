import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { renderDistanceChart } from "../lib/chart";
import { renderReport, renderSummaryTable } from "../lib/report";
import { pageLoadsFor, type BenchResults } from "../lib/results";
import { summarize } from "../lib/stats";
import { writeResults } from "../lib/write-results";

const flat = (ms: number) => summarize([ms, ms, ms]);

function fixture(): BenchResults {
  return {
    meta: {
      date: "2026-11-28T12:00:00.000Z",
      command: "npm run bench -- --rtt 0,5",
      machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 4, os: "linux 6", loadAverage: [1, 1, 1] },
      versions: { node: "v20.0.0", "next-auth": "5.0.0-beta.32" },
      method: { rounds: { node: 3 }, warmup: { node: 300 }, iterations: { "node jwt": 400 }, batch: { "node jwt": 1 } },
      schema: "UNIQUE index on sessions.sessionToken",
      writePolicy: "updateAge 24 h",
      caveats: ["noisy machine"],
    },
    sessionReads: [
      { runtime: "node", database: "SQLite", variant: "template-jwt", whole: flat(2), phases: { decode: flat(0.7), encode: flat(0.5) }, roundMedians: [2] },
      { runtime: "node", database: "SQLite", variant: "template-db", whole: flat(0.5), phases: { getSessionAndUser: flat(0.1) }, roundMedians: [0.5] },
    ],
    ratios: [{ runtime: "node", dbOverJwt: 0.25, dbWriteOverJwt: 0.5, templateOverStock: 1.1, roundDbOverJwt: [0.25] }],
    pageLoads: pageLoadsFor("node", [
      { variant: "stock", whole: [], phases: { middleware: [3, 3, 3], read: [2, 2, 2] }, roundMedians: [] },
      { variant: "template-authjs", whole: [], phases: { middleware: [2, 2, 2], read: [1.5, 1.5, 1.5] }, roundMedians: [] },
      { variant: "template", whole: [], phases: { middleware: [1.5, 1.5, 1.5], read: [1, 1, 1] }, roundMedians: [] },
    ], { rounds: 1, warmup: 1, iterations: 3, batch: 1 }),
    distance: {
      database: "PostgreSQL 15",
      points: [
        { rttNominal: 0, rttMeasured: 0, jwt: flat(2), database: flat(1) },
        { rttNominal: 5, rttMeasured: 5.5, jwt: flat(2), database: flat(12) },
      ],
      crossoverRtt: 0.5,
    },
    load: [
      {
        server: "next start", strategy: "jwt", path: "/api/me", connections: 10, durationSeconds: 5, requests: 5000,
        requestsPerSecond: 1000, latency: { p50: 8, p97_5: 20, p99: 30 }, errors: 0, non2xx: 0, statusCounts: { "200": 5000 },
      },
      {
        server: "wrangler pages dev", strategy: "jwt", path: "/dashboard", connections: 10, durationSeconds: 5, requests: 2000,
        requestsPerSecond: 400, latency: { p50: 20, p97_5: 40, p99: 50 }, errors: 0, non2xx: 0, statusCounts: { "200": 2000 },
      },
    ],
  };
}

describe("bench report writer", () => {
  it("opens with date, exact command, machine, versions, schema, write policy and caveats", () => {
    const report = renderReport(fixture());
    expect(report).toContain("2026-11-28T12:00:00.000Z");
    expect(report).toContain("`npm run bench -- --rtt 0,5`");
    expect(report).toContain("2 × Test CPU");
    expect(report).toContain("next-auth 5.0.0-beta.32");
    expect(report).toContain("UNIQUE index on sessions.sessionToken");
    expect(report).toContain("updateAge 24 h");
    expect(report).toContain("- noisy machine");
  });

  it("tabulates each variant, the DB/JWT ratio, the crossover and the load run", () => {
    const table = renderSummaryTable(fixture());
    expect(table).toMatch(/\| node \| template-jwt \| — \| 2\.00 \| 2\.00 \| 2\.00 \| 500 \| 3 \|/);
    expect(table).toMatch(/\| node \| 0\.25× \| 0\.50× \| 1\.10× \| — \| — \| 0\.25× \|/);
    expect(table).toContain("The template's JWT wins above 0.50 ms of round-trip time to PostgreSQL 15");
    expect(table).toMatch(/\| next start \| jwt \| \/api\/me \| 10 \| 1000 \|/);
  });

  it("puts each adapter on one row with req/s per strategy and path, and a dash where a strategy did not run", () => {
    const results = fixture();
    const base = results.load?.[0];
    if (!base) throw new Error("fixture has a load result");
    results.load = [
      base,
      { ...base, server: "Worker (OpenNext)", requestsPerSecond: 230, startSeconds: 4.2 },
      { ...base, server: "Worker (OpenNext)", strategy: "database", requestsPerSecond: 60 },
    ];
    const table = renderSummaryTable(results);
    expect(table).toContain("| adapter | start s | jwt /api/me req/s | database /api/me req/s |");
    expect(table).toContain("| next start | — | 1000 | — |");
    expect(table).toContain("| Worker (OpenNext) | 4.2 | 230 | 60 |");
  });

  it("puts the Vercel path's session strategies side by side: both paths per row, a dash where one did not run", () => {
    const results = fixture();
    const base = results.load?.[0];
    if (!base) throw new Error("fixture has a load result");
    const postgres = { ...base, server: "next start (Node.js middleware)", strategy: "database", sessions: "database, PostgreSQL", middlewareRuntime: "nodejs" as const };
    results.load = [{ ...base, sessions: "JWT" }, postgres, { ...postgres, path: "/dashboard", requestsPerSecond: 80, serialMs: 12.5 }];
    const report = renderReport(results);
    expect(report).toContain("### The Vercel path (`next start`)");
    expect(report).toContain("| JWT | edge | — | — | — | 1000 | 8.0 / 20 | — |");
    expect(report).toContain("| database, PostgreSQL | Node.js | 80 | 8.0 / 20 | 13 | 1000 | 8.0 / 20 | — |");
  });

  it("shows what each codec idea saved, and a dash for results from before the JWT ladder", () => {
    const results = fixture();
    const withLadder = { ...results, ratios: results.ratios.map((r) => ({ ...r, codecSavings: { cachedKeysAndGcm: 1.25, tokenReuse: 0.3 } })) };
    expect(renderSummaryTable(withLadder)).toContain("| node | 0.25× | 0.50× | 1.10× | 1.25 | 0.300 |");
    expect(renderSummaryTable(results)).toContain("| node | 0.25× | 0.50× | 1.10× | — | — |");
  });

  it("prices a page load as middleware plus the render's reads, against stock, with /dashboard throughput beside it", () => {
    const report = renderReport(fixture());
    const section = report.slice(report.indexOf("## Page load"));
    expect(section).toContain("| node | stock Auth.js (middleware + 2 reads) | 7.00 | 7.00 | 1.00× | 3.00 | 1.00× | 2.00 | 1.00× |");
    expect(section).toContain("| node | template through Auth(), 2 reads (before one read per render) | 5.00 | 5.00 | 0.71× | 2.00 | 0.67× | 1.50 | 0.75× |");
    expect(section).toContain("| node | template through Auth(), 1 read per render (before the shared read) | 3.50 | 3.50 | 0.50× | 2.00 | 0.67× | 1.50 | 0.75× |");
    expect(section).toContain("| node | template (shared read, 1 read per render) | 2.50 | 2.50 | 0.36× | 1.50 | 0.50× | 1.00 | 0.50× |");
    // The next section after the page-load table is the /dashboard load, not the database distance.
    expect(section.indexOf("| wrangler pages dev | jwt | 400 |")).toBeLessThan(section.indexOf("## Database distance"));
    expect(renderReport({ ...fixture(), load: undefined })).toContain("`/dashboard` under load: not measured in this run (`--load`).");
  });

  it("shows what revocation adds per read for each store", () => {
    const results = fixture();
    results.ratios = results.ratios.map((r) => ({ ...r, revocation: [{ store: "memory", addedMs: 0.02, overJwt: 1.01 }, { store: "kv", addedMs: 0.4, overJwt: 1.2 }] }));
    const report = renderReport(results);
    expect(report).toContain("## Revocation (`--revocation`)");
    expect(report).toContain("| node | memory | 0.020 | 1.01× |");
    expect(report).toContain("| node | kv | 0.400 | 1.20× |");
    expect(renderReport(fixture())).not.toContain("## Revocation");
  });

  it("says so when JWT is faster at every distance", () => {
    const results = fixture();
    if (!results.distance) throw new Error("fixture has distance data");
    results.distance.crossoverRtt = 0;
    expect(renderSummaryTable(results)).toContain("The template's JWT is faster at every measured distance, loopback included.");
  });

  it("names the stock codec's crossover beside the template's when the run measured it", () => {
    const results = fixture();
    if (!results.distance) throw new Error("fixture has distance data");
    results.distance.points = results.distance.points.map((p) => ({ ...p, stockJwt: flat(4) }));
    results.distance.stockCrossoverRtt = 2.25;
    const table = renderSummaryTable(results);
    expect(table).toMatch(/\| 5 \| 5\.50 \| 2\.00 \| 4\.00 \| 12\.0 \|/);
    expect(table).toContain("Auth.js's stock JWT wins above 2.25 ms");
    const svg = renderDistanceChart(results.distance);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain("stock JWT faster above 2.25 ms RTT");
  });

  it("charts both lines and marks the crossover", () => {
    const { distance } = fixture();
    if (!distance) throw new Error("fixture has distance data");
    const svg = renderDistanceChart(distance);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain("JWT faster above 0.50 ms RTT");
    expect(svg).toContain("PostgreSQL 15");
  });

  it("writes JSON, markdown and the chart, and the report links the chart", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-report-"));
    const paths = writeResults(fixture(), dir, "run");
    expect(JSON.parse(readFileSync(paths.json, "utf8"))).toEqual(fixture());
    expect(readFileSync(paths.report, "utf8")).toContain("![latency vs RTT](run-rtt.svg)");
    expect(paths.charts).toEqual([join(dir, "run-rtt.svg")]);
  });
});
