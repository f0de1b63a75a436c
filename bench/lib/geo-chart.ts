import type { GeoResult } from "../subjects/geo";
import { autoAxis, logAxis, scale, tickLabel, type Axis } from "./ticks";

/** The `--geo` pictures: latency by city (one chart per database region) and p50 against distance. Plain SVG. */

const COLORS: Record<string, string> = {
  "edge-jwt": "#1f6feb",
  "edge-db-2rt": "#d97706",
  "edge-db-1rt": "#f2b84b",
  "edge-jwt-redis-0": "#c0362c",
  "edge-jwt-redis-interval": "#e8918a",
  "edge-jwt-kv-0": "#2da44e",
  "edge-jwt-kv-interval": "#8fd19e",
  "node-proxy-jwt": "#6e40c9",
};
const color = (id: string) => COLORS[id] ?? "#555";

function xAxisSvg(axis: Axis, x: (v: number) => number, top: number, bottom: number, title: string): string {
  const ticks = axis.ticks.map(
    (t) => `<line x1="${x(t).toFixed(1)}" y1="${top}" x2="${x(t).toFixed(1)}" y2="${bottom}" stroke="#eee"/><text x="${x(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${tickLabel(t)}</text>`,
  );
  return `${ticks.join("")}<text x="${((x(axis.min) + x(axis.max)) / 2).toFixed(1)}" y="${bottom + 36}" text-anchor="middle">${title}</text>`;
}

function legend(strategies: GeoResult["strategies"], left: number, top: number): string {
  return strategies
    .map((s, i) => `<rect x="${left + (i % 2) * 360}" y="${top + Math.floor(i / 2) * 16}" width="10" height="10" fill="${color(s.id)}"/><text x="${left + 14 + (i % 2) * 360}" y="${top + 9 + Math.floor(i / 2) * 16}">${s.short}</text>`)
    .join("");
}

const frame = (width: number, height: number, title: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="22" font-size="14" font-weight="600">${title}</text>
${body}
</svg>
`;

/** One row per city (nearest first), a dot per strategy at p50 and a bar to p95, on a log axis. */
export function renderCityChart(geo: GeoResult, region: string): string {
  const rows = geo.cities.filter((c) => c.region === region).sort((a, b) => a.rtt - b.rtt);
  const left = 170;
  const right = 24;
  const width = 760;
  const top = 40 + Math.ceil(geo.strategies.length / 2) * 16 + 8;
  const rowH = 6 + geo.strategies.length * 4;
  const bottom = top + rows.length * rowH;
  const axis = autoAxis(rows.flatMap((c) => Object.values(c.pages).flatMap((m) => [m.p50, m.p95])));
  const x = scale(axis, left, width - right);
  const body = rows.map((c, row) => {
    const y0 = top + row * rowH + 4;
    const marks = geo.strategies.map((s, i) => {
      const m = c.pages[s.id];
      if (!m) return "";
      const y = (y0 + i * 4 + 2).toFixed(1);
      return `<line x1="${x(m.p50).toFixed(1)}" y1="${y}" x2="${x(m.p95).toFixed(1)}" y2="${y}" stroke="${color(s.id)}" stroke-width="1.5"/><circle cx="${x(m.p50).toFixed(1)}" cy="${y}" r="2.5" fill="${color(s.id)}"/>`;
    });
    return `<text x="${left - 8}" y="${y0 + rowH / 2}" text-anchor="end">${c.city} (${c.rtt} ms)</text>${marks.join("")}`;
  });
  const label = geo.regions.find((r) => r.id === region)?.label ?? region;
  return frame(
    width,
    bottom + 50,
    `Auth time of a signed-in page by user city, region: ${label.replace(/ \(.*$/, "")} (dot p50, bar to p95; modelled)`,
    `${legend(geo.strategies, 16, 40)}${xAxisSvg(axis, x, top, bottom, `ms (${axis.log ? "log scale" : "linear"}); city (published P50 RTT to the region)`)}${body.join("")}`,
  );
}

/** p50 against RTT to the region, log-log, one line per strategy; the fastest over each range named. */
export function renderCrossoverChart(geo: GeoResult): string {
  const width = 760;
  const left = 56;
  const top = 40 + Math.ceil(geo.strategies.length / 2) * 16 + 12;
  const plotH = 300;
  const xAxis = logAxis(Math.min(...geo.curves.map((c) => c.rtt)), Math.max(...geo.curves.map((c) => c.rtt)));
  const yAxis = logAxis(Math.min(...geo.curves.flatMap((c) => Object.values(c.p50))), Math.max(...geo.curves.flatMap((c) => Object.values(c.p50))));
  const x = scale(xAxis, left, width - 24);
  const y = scale(yAxis, top + plotH, top);
  const yTicks = yAxis.ticks.map((t) => `<line x1="${left}" y1="${y(t).toFixed(1)}" x2="${width - 24}" y2="${y(t).toFixed(1)}" stroke="#eee"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${tickLabel(t)}</text>`);
  const lines = geo.strategies.map(
    (s) => `<polyline fill="none" stroke="${color(s.id)}" stroke-width="2" points="${geo.curves.map((c) => `${x(c.rtt).toFixed(1)},${y(c.p50[s.id] ?? yAxis.min).toFixed(1)}`).join(" ")}"/>`,
  );
  const wins = geo.winners.map((w) => `${geo.strategies.find((s) => s.id === w.strategy)?.short ?? w.strategy} ${w.from}–${w.to} ms`).join("; ");
  return frame(
    width,
    top + plotH + 70,
    "Auth time of a signed-in page (p50, modelled) against RTT to the region",
    `${legend(geo.strategies, 16, 40)}${yTicks.join("")}${xAxisSvg(xAxis, x, top, top + plotH, "RTT from the user's edge location to the region, ms (log scale)")}
<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">ms per page (log scale)</text>${lines.join("")}
<text x="${left}" y="${top + plotH + 60}" fill="#333">Fastest (p50): ${wins}</text>`,
  );
}
