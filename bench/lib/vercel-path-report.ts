import { markdownTable } from "./markdown-table";
import type { BenchResults, LoadResult } from "./results";

/**
 * The Vercel path side by side (`--load`, every `next start` server with `sessions`): JWT in the
 * cookie, database sessions on PostgreSQL, JWT with revocation's Redis check (every request,
 * every 60 s). Per path: throughput and latency under load, and one request at a time.
 */
export function vercelPathTable(results: BenchResults): string | undefined {
  const load = (results.load ?? []).filter((l) => l.sessions);
  if (load.length === 0) return undefined;
  const keys = [...new Set(load.map((l) => `${l.server}\n${l.strategy}`))];
  const ms = (value: number | undefined) => (value === undefined ? "—" : value >= 10 ? value.toFixed(0) : value.toFixed(1));
  const path = (hit: LoadResult | undefined) =>
    hit ? [hit.requestsPerSecond.toFixed(0), `${ms(hit.latency.p50)} / ${ms(hit.latency.p97_5)}`, ms(hit.serialMs)] : ["—", "—", "—"];
  const rows = keys.map((key) => {
    const at = (wanted: string) => load.find((l) => `${l.server}\n${l.strategy}` === key && l.path === wanted);
    const any = at("/dashboard") ?? at("/api/me");
    return [any?.sessions ?? "—", any?.middlewareRuntime === "nodejs" ? "Node.js" : "edge", ...path(at("/dashboard")), ...path(at("/api/me"))];
  });
  const header = ["sessions", "middleware", "`/dashboard` req/s", "p50 / p97.5 ms", "one at a time ms", "`/api/me` req/s", "p50 / p97.5 ms", "one at a time ms"];
  return markdownTable(header, rows);
}
