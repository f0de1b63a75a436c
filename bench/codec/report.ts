import { median, percentile } from "../lib/stats";
import type { CaseName } from "./cases";
import type { CaseSamples, MeasureOptions } from "./measure";

/** Summaries and the report section of the codec subject (pure; unit-tested). */

export interface CaseSummary {
  n: number;
  batch: number;
  /** Microseconds per operation. */
  median: number;
  p95: number;
}

export interface RuntimeSummary {
  cases: Record<string, CaseSummary>;
  /** median(decode:template) / median(decode:jose-floor): the codec issue's target is ≤ 2. */
  decodeOverFloor: number;
  encodeOverFloor: number;
  /** What each idea saved per call (µs, difference of medians). */
  savings: { decodeKeyCache: number; decodeGcm: number; encodeKeyCacheAndGcm: number };
}

/** `BenchResults.codec`: the run's machine, versions and command are the bench's own meta. */
export interface CodecResult {
  cases: string[];
  options: Partial<Record<string, MeasureOptions>>;
  runtimes: Partial<Record<string, RuntimeSummary>>;
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

/** The codec section of the bench report (its heading is the caller's). */
export function renderCodecSection(codec: CodecResult): string {
  const runtimes = Object.keys(codec.runtimes);
  const summary = (runtime: string): RuntimeSummary => {
    const found = codec.runtimes[runtime];
    if (!found) throw new Error(`no codec results for ${runtime}`);
    return found;
  };
  const row = (label: string, cell: (s: RuntimeSummary) => string) => `| ${label} | ${runtimes.map((r) => cell(summary(r))).join(" | ")} |`;
  const header = (first: string) => [`| ${first} | ${runtimes.join(" | ")} |`, `|---|${runtimes.map(() => "---:").join("|")}|`];
  const workerdBatch = codec.options.workerd?.minSampleMs;
  return [
    "`decode` and `encode` alone (bench/codec/cases.ts), stock and template, beside the `jose` floor: `A256GCM` with a pre-imported `CryptoKey`, the cheapest a JWE session cookie can be read or minted. " +
      `Medians in µs per call, all cases interleaved (a fresh shuffled order every iteration) in one fresh process per runtime after warm-up; iterations per case: ${runtimes.map((r) => `${r} ${codec.options[r]?.iterations ?? "?"}`).join(", ")}.` +
      (workerdBatch ? ` On workerd a sample is the mean of a batch lasting ≥ ${workerdBatch} ms (its clock ticks in whole milliseconds).` : ""),
    "",
    ...header("against the floor"),
    row("decode, template / floor (target ≤ 2)", (s) => ratio(s.decodeOverFloor)),
    row("encode, template / floor", (s) => ratio(s.encodeOverFloor)),
    "",
    ...header("what each idea saved per call (µs, difference of medians)"),
    row("decode: key derived once (stock token, `decode:stock` − `decode:template-cbc`)", (s) => us(s.savings.decodeKeyCache)),
    row("decode: A256GCM instead of A256CBC-HS512 (`decode:template-cbc` − `decode:template`)", (s) => us(s.savings.decodeGcm)),
    row("encode: key derived once + A256GCM (`encode:stock` − `encode:template`)", (s) => us(s.savings.encodeKeyCacheAndGcm)),
    "",
    ...header("case (median, p95)"),
    ...codec.cases.map((name) => `| ${name} | ${runtimes.map((r) => { const c = summary(r).cases[name]; return c ? `${us(c.median)} (${us(c.p95)})` : "–"; }).join(" | ")} |`),
  ].join("\n");
}
