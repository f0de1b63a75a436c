import { markdownTable } from "./markdown-table";
import type { BenchResults, LoadResult } from "./results";

/**
 * Edge against Node.js middleware, one row per server that ran both (`next start`, OpenNext):
 * cold start, one request at a time, throughput under load, and the middleware's size.
 */
export function middlewareRuntimeTable(results: BenchResults): string | undefined {
  const load = (results.load ?? []).filter((l) => l.middlewareRuntime && l.strategy === "jwt" && l.middlewareBytes !== undefined);
  if (!load.some((l) => l.middlewareRuntime === "nodejs")) return undefined;
  const at = (server: string, path: string) => load.find((l) => l.server === server && l.path === path);
  const fixed = (digits: number) => (value: number | undefined) => (value === undefined ? "—" : value.toFixed(digits));
  const rows = [...new Set(load.map((l) => l.server))].map((server) => {
    const dashboard: LoadResult | undefined = at(server, "/dashboard");
    const me = at(server, "/api/me");
    const any = dashboard ?? me;
    return [
      server,
      any?.middlewareRuntime ?? "—",
      fixed(1)(any?.firstSignedInSeconds),
      fixed(1)(dashboard?.serialMs),
      fixed(0)(dashboard?.requestsPerSecond),
      fixed(0)(me?.requestsPerSecond),
      any?.middlewareBytes === undefined ? "—" : `${(any.middlewareBytes / 1024).toFixed(0)} KiB`,
    ];
  });
  const header = ["server", "middleware", "start → first signed-in page s", "`/dashboard` one at a time ms", "`/dashboard` req/s", "`/api/me` req/s", "middleware bytes"];
  return markdownTable(header, rows);
}
