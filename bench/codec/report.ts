import type { CaseName, Phase } from "./cases";
import type { CaseSamples, MeasureOptions } from "./measure";

/** Summaries and the markdown report of one session-token bench run (pure; unit-tested). */

export type RuntimeName = "node" | "edge-runtime" | "workerd";

export interface CaseSummary {
  n: number;
  batch: number;
  /** Microseconds per operation. */
  median: number;
  p95: number;
  phases: Partial<Record<Phase, number>>;
}

export interface RuntimeSummary {
  cases: Record<string, CaseSummary>;
  /** median(read:template) / median(read:stock), same run: the issue's target is ≤ 0.5. */
  templateOverStock: number;
  /** median(decode:template) / median(decode:jose-floor): the target is ≤ 2. */
  decodeOverFloor: number;
  /** What each idea saved per session read: the median difference between ladder rungs (µs). */
  savings: { callbacks: number; cachedKeysAndGcm: number; tokenReuse: number };
}

export interface CodecRun {
  meta: {
    date: string;
    command: string;
    machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; loadAverage: number[] };
    versions: Record<string, string>;
    options: Record<RuntimeName, MeasureOptions>;
    cases: string[];
    phases: string[];
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
  for (const [name, { whole, phases, batch }] of Object.entries(samples)) {
    cases[name] = {
      n: whole.length,
      batch,
      median: median(whole),
      p95: percentile(whole, 95),
      phases: Object.fromEntries(Object.entries(phases).map(([phase, values]) => [phase, median(values ?? [])])),
    };
  }
  const at = (name: CaseName) => {
    const found = cases[name];
    if (!found) throw new Error(`no samples for ${name}`);
    return found.median;
  };
  return {
    cases,
    templateOverStock: at("read:template") / at("read:stock"),
    decodeOverFloor: at("decode:template") / at("decode:jose-floor"),
    savings: {
      callbacks: at("read:template-stock-jwt") - at("read:stock"),
      cachedKeysAndGcm: at("read:template-stock-jwt") - at("read:template-remint"),
      tokenReuse: at("read:template-remint") - at("read:template"),
    },
  };
}

const us = (value: number | undefined) => (value === undefined ? "–" : value >= 100 ? value.toFixed(0) : value.toFixed(1));
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
  const lines = [
    "# Session token bench: template codec vs stock Auth.js",
    "",
    `${meta.date} · \`${meta.command}\` · ${meta.machine.cpus} × ${meta.machine.cpuModel}, ${meta.machine.memoryGiB} GiB, ${meta.machine.os}, load ${meta.machine.loadAverage.map((l) => l.toFixed(2)).join(" ")}`,
    "",
    `Versions: ${Object.entries(meta.versions).map(([name, version]) => `${name} ${version}`).join(", ")}.`,
    "",
    `Medians in µs per operation, all cases interleaved (a fresh shuffled order every iteration) in one fresh process per runtime ` +
      `after warm-up; iterations per case: ${runtimes.map((r) => `${r} ${meta.options[r as RuntimeName]?.iterations ?? "?"}`).join(", ")}. ` +
      `workerd's clock ticks in whole milliseconds, so there a sample is the mean of a batch lasting ≥ ${meta.options.workerd.minSampleMs} ms. ` +
      "Shared 2-core machine: expect ±20% between runs; compare ratios within one run.",
    "",
    "## Targets",
    "",
    `| | ${runtimes.join(" | ")} |`,
    `|---|${runtimes.map(() => "---:").join("|")}|`,
    `| session read, template / stock (target ≤ 0.5) | ${runtimes.map((r) => ratio(summary(r).templateOverStock)).join(" | ")} |`,
    `| decode, template / jose floor (target ≤ 2) | ${runtimes.map((r) => ratio(summary(r).decodeOverFloor)).join(" | ")} |`,
    "",
    "## What each idea saved per session read (µs, difference of medians)",
    "",
    `| idea | ${runtimes.join(" | ")} |`,
    `|---|${runtimes.map(() => "---:").join("|")}|`,
    `| the template's callbacks and providers (a cost, vs stock) | ${runtimes.map((r) => us(summary(r).savings.callbacks)).join(" | ")} |`,
    `| keys derived once + A256GCM (decode and encode phases) | ${runtimes.map((r) => us(summary(r).savings.cachedKeysAndGcm)).join(" | ")} |`,
    `| reuse of the unchanged token (encode phase) | ${runtimes.map((r) => us(summary(r).savings.tokenReuse)).join(" | ")} |`,
    "",
    "## All cases",
    "",
    `| case | ${runtimes.map((r) => `${r} median (p95)`).join(" | ")} |`,
    `|---|${runtimes.map(() => "---:").join("|")}|`,
    ...meta.cases.map(
      (name) => `| ${name} | ${runtimes.map((r) => { const c = summary(r).cases[name]; return c ? `${us(c.median)} (${us(c.p95)})` : "–"; }).join(" | ")} |`,
    ),
    "",
    "## Phases of a session read (median µs; Node and edge-runtime)",
    "",
    `| case | runtime | ${meta.phases.join(" | ")} | whole |`,
    `|---|---|${meta.phases.map(() => "---:").join("|")}|---:|`,
    ...meta.cases
      .filter((name) => name.startsWith("read:"))
      .flatMap((name) =>
        runtimes
          .filter((r) => r !== "workerd")
          .map((r) => {
            const c = summary(r).cases[name];
            return `| ${name} | ${r} | ${meta.phases.map((p) => us(c?.phases[p as Phase])).join(" | ")} | ${us(c?.median)} |`;
          }),
      ),
    "",
    "Ladder: `read:stock` (Auth.js defaults) → `read:template-stock-jwt` (template callbacks, stock codec) → " +
      "`read:template-remint` (+ cached keys, A256GCM; re-mints every read) → `read:template` (+ token reuse). " +
      "Everything outside the four phases (request parsing, CSRF cookie, response) is the same Auth.js code in every rung.",
    "",
  ];
  return lines.join("\n");
}
