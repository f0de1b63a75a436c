import type { DistanceResult } from "./results";
import { linearAxis, scale, tickLabel } from "./ticks";

/**
 * An SVG line chart of per-request median latency against database round-trip time: the
 * template's JWT read and Auth.js's stock one (flat), the PostgreSQL database read (rising),
 * and each crossover marked. Plain SVG, no
 * dependencies, readable on GitHub.
 */
export function renderDistanceChart(distance: DistanceResult): string {
  const width = 720;
  const height = 420;
  const margin = { top: 72, right: 24, bottom: 56, left: 64 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const points = [...distance.points].sort((a, b) => a.rttMeasured - b.rttMeasured);
  const xAxis = linearAxis(0, Math.max(1, ...points.map((p) => p.rttMeasured)));
  const yAxis = linearAxis(0, Math.max(1, ...points.flatMap((p) => [p.jwt.median, p.database.median, p.stockJwt?.median ?? 0])));
  const maxX = xAxis.max;
  const x = scale(xAxis, margin.left, margin.left + plotW);
  const y = scale(yAxis, margin.top + plotH, margin.top);
  const line = (values: { rtt: number; ms: number }[]) => values.map((v) => `${x(v.rtt).toFixed(1)},${y(v.ms).toFixed(1)}`).join(" ");
  const jwt = points.map((p) => ({ rtt: p.rttMeasured, ms: p.jwt.median }));
  const db = points.map((p) => ({ rtt: p.rttMeasured, ms: p.database.median }));
  const stock = points.every((p) => p.stockJwt) ? points.map((p) => ({ rtt: p.rttMeasured, ms: p.stockJwt?.median ?? 0 })) : undefined;

  const xTicks = xAxis.ticks
    .map((t) => `<line x1="${x(t)}" y1="${margin.top + plotH}" x2="${x(t)}" y2="${margin.top + plotH + 5}" stroke="#555"/><text x="${x(t)}" y="${margin.top + plotH + 20}" text-anchor="middle">${tickLabel(t)}</text>`)
    .join("");
  const yTicks = yAxis.ticks
    .map((t) => `<line x1="${margin.left}" y1="${y(t)}" x2="${margin.left + plotW}" y2="${y(t)}" stroke="#eee"/><text x="${margin.left - 8}" y="${y(t) + 4}" text-anchor="end">${tickLabel(t)}</text>`)
    .join("");
  const dots = (values: { rtt: number; ms: number }[], color: string) =>
    values.map((v) => `<circle cx="${x(v.rtt).toFixed(1)}" cy="${y(v.ms).toFixed(1)}" r="3.5" fill="${color}"/>`).join("");

  // Verdicts sit above the plot, right-aligned, clear of the legend and the rising line.
  const crossoverMark = (crossover: number | undefined, label: string, color: string, row: number) => {
    const text = (words: string) => `<text x="${margin.left + plotW}" y="${44 + row * 16}" text-anchor="end" fill="${color}">${words}</text>`;
    if (crossover === undefined) return text(`${label}: no crossover in range`);
    if (crossover === 0) return text(`${label} faster at every distance`);
    const at = x(Math.min(crossover, maxX));
    return `<line x1="${at}" y1="${margin.top}" x2="${at}" y2="${margin.top + plotH}" stroke="${color}" stroke-dasharray="5,4"/>${text(`${label} faster above ${crossover.toFixed(2)} ms RTT`)}`;
  };

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${margin.left}" y="24" font-size="15" font-weight="600">Session read latency vs database round-trip time (median, Node)</text>
${yTicks}${xTicks}
<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="#555"/>
<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="#555"/>
<text x="${margin.left + plotW / 2}" y="${height - 14}" text-anchor="middle">added round-trip time to PostgreSQL, measured (ms)</text>
<text transform="translate(18 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">ms per session read</text>
<polyline points="${line(jwt)}" fill="none" stroke="#1f6feb" stroke-width="2.5"/>${dots(jwt, "#1f6feb")}
<polyline points="${line(db)}" fill="none" stroke="#d97706" stroke-width="2.5"/>${dots(db, "#d97706")}
${stock ? `<polyline points="${line(stock)}" fill="none" stroke="#6e7781" stroke-width="2" stroke-dasharray="6,4"/>${dots(stock, "#6e7781")}` : ""}
${crossoverMark(distance.crossoverRtt, "template JWT", "#c00", 0)}
${stock ? crossoverMark(distance.stockCrossoverRtt, "stock JWT", "#6e7781", 1) : ""}
<rect x="${margin.left + 12}" y="${margin.top + 24}" width="12" height="12" fill="#1f6feb"/><text x="${margin.left + 30}" y="${margin.top + 34}">JWT (template, no database)</text>
<rect x="${margin.left + 12}" y="${margin.top + 44}" width="12" height="12" fill="#d97706"/><text x="${margin.left + 30}" y="${margin.top + 54}">${escapeXml(distance.database)}</text>
${stock ? `<rect x="${margin.left + 12}" y="${margin.top + 64}" width="12" height="12" fill="#6e7781"/><text x="${margin.left + 30}" y="${margin.top + 74}">JWT (Auth.js stock codec, no database)</text>` : ""}
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);
}
