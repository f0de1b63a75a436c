import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { renderDistanceChart } from "./chart";
import { renderCityChart, renderCrossoverChart } from "./geo-chart";
import { renderReport } from "./report";
import type { BenchResults } from "./results";

/** Writes <label>.json, <label>.md and the charts its data calls for (-rtt.svg; -cities-*.svg and -crossover.svg for --geo); returns the paths. */
export function writeResults(results: BenchResults, dir: string, label: string): { json: string; report: string; charts: string[] } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${label}.json`);
  const report = join(dir, `${label}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  const svgs: Record<string, string> = {};
  if (results.distance) svgs[`${label}-rtt.svg`] = renderDistanceChart(results.distance);
  const geo = results.geo;
  if (geo) {
    for (const region of geo.regions) svgs[`${label}-cities-${region.id}.svg`] = renderCityChart(geo, region.id);
    svgs[`${label}-crossover.svg`] = renderCrossoverChart(geo);
  }
  for (const [file, svg] of Object.entries(svgs)) writeFileSync(join(dir, file), svg);
  const names = Object.keys(svgs);
  writeFileSync(report, renderReport(results, names.find((name) => name.endsWith("-rtt.svg")), names.filter((name) => !name.endsWith("-rtt.svg"))));
  return { json, report, charts: names.map((name) => join(dir, name)) };
}
