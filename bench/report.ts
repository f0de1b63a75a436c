/**
 * Re-renders the markdown report (and the RTT chart) from a results JSON file:
 * `node --import tsx bench/report.ts bench/results/reference.json`.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";

import { crossoversFrom, type BenchResults } from "./lib/results";
import { writeResults } from "./lib/write-results";

const file = process.argv[2];
if (!file) throw new Error("usage: bench/report.ts <results.json>");
const results = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
// The crossover is derived from the stored points; re-deriving keeps it in step with stats.ts.
if (results.distance) Object.assign(results.distance, crossoversFrom(results.distance.points));
const paths = writeResults(results, dirname(file), basename(file, ".json"));
process.stdout.write(`${[paths.report, ...paths.charts].join("\n")}\n`);
