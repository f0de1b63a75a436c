import type { GeoResult } from "../subjects/geo";
import { markdownTable } from "./markdown-table";

/** The `--geo` section of the report, from the results JSON alone. */

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** The short answer: per city, the four strategies people choose between (p50), and the fastest of all. */
export const WHICH = ["edge-jwt", "edge-jwt-redis-interval", "edge-db-2rt", "node-proxy-jwt"] as const;

export function whichStrategyTable(geo: GeoResult, region: string): string {
  const name = (id: string) => geo.strategies.find((s) => s.id === id)?.short ?? id;
  const rows = geo.cities
    .filter((c) => c.region === region)
    .sort((a, b) => a.rtt - b.rtt)
    .map((c) => [c.city, String(c.rtt), ...WHICH.map((id) => ms(c.pages[id]?.p50 ?? Number.NaN)), name(Object.entries(c.pages).reduce((a, b) => (b[1].p50 < a[1].p50 ? b : a))[0])]);
  return markdownTable(["user in", "RTT to region ms", ...WHICH.map((id) => `${name(id)} p50 ms`), "fastest"], rows);
}

export function renderGeoSection(geo: GeoResult, charts: string[] = []): string {
  const a = geo.assumptions;
  const { points } = geo.validation;
  const worst = points.reduce((x, p) => (Math.abs(p.error) > Math.abs(x.error) ? p : x), points[0] ?? { error: 0, relative: 0, rtt: 0, measured: 0, predicted: 0 });
  const lines = [
    `RTTs: **${geo.source.title}**, ${geo.source.url} (${geo.source.file}). ${geo.source.measured} Each user city is the Azure region there; its RTT to the database's region over Azure's backbone stands in for the path from the edge location serving the user to that region (an approximation: edge networks and clouds peer differently).`,
    "",
    `The model (bench/lib/geo-model.ts): a signed-in page is ${a.readsPerPage} session reads (middleware + the render's \`auth()\`), each costing the CPU this bench measured (${geo.cpuFrom}: edge = ${geo.cpu.edgeRuntime} \`template-jwt\` ${ms(geo.cpu.edgeJwt.median)} ms and \`template-db\` ${ms(geo.cpu.edgeDb.median)} ms, Node = ${geo.cpu.proxyRuntime} \`template-jwt\` ${ms(geo.cpu.proxyJwt.median)} ms, medians), plus each strategy's round trips from the user's edge location to the region holding the database, the Redis and the Node deployment. Jitter: CPU log-normal fitted to each measured median and p95; each round trip log-normal around the published P50 with σ = ${a.networkSigma} (an assumption: the table publishes P50 only). p50/p95 over ${a.draws} seeded draws. Left out, the same for every strategy: the user's last mile to the nearest edge location, TLS setup, rendering.`,
    "",
    `Revocation: "once per interval" is AUTH_SESSION_CHECK_SECONDS=${a.checkSeconds} (an example; the template's default is revocation off, which is the plain JWT line) for a user loading a page every ${a.userGapSeconds} s, so ${Math.round(100 * Math.min(1, a.userGapSeconds / a.checkSeconds))}% of pages check. Redis lives in the region: a check is one round trip. KV is read at the edge location, which keeps a value for ${a.kvCacheSeconds} s (\`cacheTtl\`); a read it has not kept goes to KV's central store, modelled as one round trip to the region.`,
    "",
    ...geo.regions.flatMap((region) => [
      `### Database in ${region.label}`,
      "",
      markdownTable(
        ["user in (Azure region)", "RTT ms", ...geo.strategies.map((s) => `${s.id} p50 / p95`)],
        geo.cities
          .filter((c) => c.region === region.id)
          .sort((x, y) => x.rtt - y.rtt)
          .map((c) => [`${c.city}, ${c.continent} (${c.azureRegion})`, String(c.rtt), ...geo.strategies.map((s) => ((m) => (m ? `${ms(m.p50)} / ${ms(m.p95)}` : "—"))(c.pages[s.id]))]),
      ),
      "",
    ]),
    markdownTable(["strategy", "what it is"], geo.strategies.map((s) => [s.id, s.label])),
    "",
    `**Fastest by distance (p50):** ${geo.winners.map((w) => `${w.strategy} from ${w.from} to ${w.to} ms`).join("; ")}.`,
    "",
    `**Against the Node proxy in the region:** ${geo.againstProxy.map((c) => `${c.strategy} ${c.rtt.length ? `swaps at ${c.rtt.map((r) => `${ms(r)} ms`).join(", ")}` : "never swaps (0–300 ms)"}`).join("; ")}.`,
    "",
    ...charts.map((file) => `![${file}](${file})`),
    "",
    `**Checked against the delay-proxy sweep** (${geo.validation.database}, Node): the model's read is the measured read at the smallest RTT plus ${geo.validation.roundTrips} × the added RTT (\`getSessionAndUser\` is two queries). Largest error ${ms(Math.abs(worst.error))} ms (${(100 * Math.abs(worst.relative)).toFixed(1)}% of the measured ${ms(worst.measured)} ms at ${ms(worst.rtt)} ms RTT).`,
    "",
    markdownTable(
      ["RTT ms (measured)", "measured median ms", "modelled ms", "error ms", "error %"],
      points.map((p) => [ms(p.rtt), ms(p.measured), ms(p.predicted), ms(p.error), (100 * p.relative).toFixed(1)]),
    ),
  ];
  return lines.join("\n");
}
