import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { renderDistanceChart } from "./chart";
import { renderReport } from "./report";
import type { BenchResults } from "./results";

/** Writes <label>.json, <label>.md and, with distance data, <label>-rtt.svg; returns the paths. */
export function writeResults(results: BenchResults, dir: string, label: string): { json: string; report: string; chart?: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${label}.json`);
  const report = join(dir, `${label}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  let chart: string | undefined;
  if (results.distance) {
    chart = join(dir, `${label}-rtt.svg`);
    writeFileSync(chart, renderDistanceChart(results.distance));
  }
  writeFileSync(report, renderReport(results, chart && `${label}-rtt.svg`));
  return { json, report, chart };
}
