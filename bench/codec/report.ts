import type { CaseName } from "./cases";
import type { CaseSamples, MeasureOptions } from "./measure";

/** Summaries and the markdown report of one codec bench run (pure; unit-tested). */

export type RuntimeName = "node" | "edge-runtime" | "workerd";

export interface CaseSummary {
  n: number;
  batch: number;
  /** Microseconds per operation. */
  median: number;
  p95: number;
}

export interface RuntimeSummary {
  cases: Record<string, CaseSummary>;
  /** median(decode:template) / median(decode:jose-floor): the issue's target is ≤ 2. */
  decodeOverFloor: number;
  encodeOverFloor: number;
  /** What each idea saved per call (µs, difference of medians). */
  savings: { decodeKeyCache: number; decodeGcm: number; encodeKeyCacheAndGcm: number };
}

export interface CodecRun {
  meta: {
    date: string;
    command: string;
    machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; loadAverage: number[] };
    versions: Record<string, string>;
    options: Record<RuntimeName, MeasureOptions>;
    cases: string[];
  };
  runtimes: Partial<Record<string, RuntimeSummary>>;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error("median of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number;
}

export function summarizeCodecRun(samples: Record<string, CaseSamples>): RuntimeSummary {
  const cases: Record<string, CaseSummary> = {};
  for (const [name, { whole, batch }] of Object.entries(samples)) {
    cases[name] = { n: whole.length, batch, median: median(whole), p95: percentile(whole, 95) };
  }
  const at = (name: CaseName) => {
    const found = cases[name];
    if (!found) throw new Error(`no samples for ${name}`);
    return found.median;
  };
  return {
    cases,
    decodeOverFloor: at("decode:template") / at("decode:jose-floor"),
    encodeOverFloor: at("encode:template") / at("encode:jose-floor"),
    savings: {
      decodeKeyCache: at("decode:stock") - at("decode:template-cbc"),
      decodeGcm: at("decode:template-cbc") - at("decode:template"),
      encodeKeyCacheAndGcm: at("encode:stock") - at("encode:template"),
    },
  };
}

const us = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1));
/** A zero median (a batch shorter than workerd's clock tick, in a smoke run) gives no ratio. */
const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");

export function renderCodecReport(run: CodecRun): string {
  const { meta } = run;
  const runtimes = Object.keys(run.runtimes);
  const summary = (runtime: string): RuntimeSummary => {
    const found = run.runtimes[runtime];
    if (!found) throw new Error(`no results for ${runtime}`);
    return found;
  };
  const row = (label: string, cell: (s: RuntimeSummary) => string) => `| ${label} | ${runtimes.map((r) => cell(summary(r))).join(" | ")} |`;
  const header = (first: string) => [`| ${first} | ${runtimes.join(" | ")} |`, `|---|${runtimes.map(() => "---:").join("|")}|`];
  return [
    "# Codec bench: the template's JWT decode and encode vs stock Auth.js and the jose floor",
    "",
    `${meta.date} · \`${meta.command}\` · ${meta.machine.cpus} × ${meta.machine.cpuModel}, ${meta.machine.memoryGiB} GiB, ${meta.machine.os}, load ${meta.machine.loadAverage.map((l) => l.toFixed(2)).join(" ")}`,
    "",
    `Versions: ${Object.entries(meta.versions).map(([name, version]) => `${name} ${version}`).join(", ")}.`,
    "",
    `Medians in µs per call, all cases interleaved (a fresh shuffled order every iteration) in one fresh process per runtime ` +
      `after warm-up; iterations per case: ${runtimes.map((r) => `${r} ${meta.options[r as RuntimeName]?.iterations ?? "?"}`).join(", ")}. ` +
      `workerd's clock ticks in whole milliseconds, so there a sample is the mean of a batch lasting ≥ ${meta.options.workerd.minSampleMs} ms. ` +
      "Shared 2-core machine: expect ±20% between runs; compare ratios within one run. " +
      "Whole session reads (template/stock, target ≤ 0.5) are in `npm run bench`.",
    "",
    "## Against the floor (jose A256GCM, pre-imported CryptoKey)",
    "",
    ...header(""),
    row("decode, template / floor (target ≤ 2)", (s) => ratio(s.decodeOverFloor)),
    row("encode, template / floor", (s) => ratio(s.encodeOverFloor)),
    "",
    "## What each idea saved per call (µs, difference of medians)",
    "",
    ...header("idea"),
    row("decode: key derived once (stock token, `decode:stock` − `decode:template-cbc`)", (s) => us(s.savings.decodeKeyCache)),
    row("decode: A256GCM instead of A256CBC-HS512 (`decode:template-cbc` − `decode:template`)", (s) => us(s.savings.decodeGcm)),
    row("encode: key derived once + A256GCM (`encode:stock` − `encode:template`)", (s) => us(s.savings.encodeKeyCacheAndGcm)),
    "",
    "## All cases",
    "",
    ...header("case (median, p95)"),
    ...meta.cases.map((name) => `| ${name} | ${runtimes.map((r) => { const c = summary(r).cases[name]; return c ? `${us(c.median)} (${us(c.p95)})` : "–"; }).join(" | ")} |`),
    "",
  ].join("\n");
}
