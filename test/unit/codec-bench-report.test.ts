import { describe, expect, it } from "vitest";

import { CASES } from "@/bench/codec/cases";
import type { CaseSamples } from "@/bench/codec/measure";
import { median, percentile, renderCodecReport, summarizeCodecRun, type CodecRun } from "@/bench/codec/report";

/** Samples where every case takes `base[name]` µs, with one slow outlier. */
function samplesFrom(base: Record<string, number>): Record<string, CaseSamples> {
  return Object.fromEntries(
    CASES.map((name) => {
      const value = base[name] ?? 100;
      return [name, { whole: [value, value, value, value * 50], phases: name.startsWith("read:") ? { decode: [value / 4, value / 4] } : {}, batch: 1 }];
    }),
  );
}

const LADDER = {
  "read:stock": 2000,
  "read:template-stock-jwt": 2100,
  "read:template-remint": 1200,
  "read:template": 800,
  "decode:template": 150,
  "decode:jose-floor": 100,
};

describe("codec bench statistics", () => {
  it("takes the median and nearest-rank percentiles, unmoved by one outlier", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 1, 1, 1000])).toBe(1);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(() => median([])).toThrow(/no samples/);
  });

  it("computes the target ratios and each idea's saving from the ladder's medians", () => {
    const summary = summarizeCodecRun(samplesFrom(LADDER));
    expect(summary.templateOverStock).toBeCloseTo(0.4);
    expect(summary.decodeOverFloor).toBeCloseTo(1.5);
    expect(summary.savings).toEqual({ callbacks: 100, cachedKeysAndGcm: 900, tokenReuse: 400 });
    expect(summary.cases["read:template"]?.phases.decode).toBe(200);
  });

  it("refuses a run missing a case instead of reporting a made-up ratio", () => {
    const samples = samplesFrom(LADDER);
    delete samples["read:stock"];
    expect(() => summarizeCodecRun(samples)).toThrow(/read:stock/);
  });
});

describe("codec bench report", () => {
  const options = { warmup: 1, iterations: 4, minSampleMs: 0 };
  const run: CodecRun = {
    meta: {
      date: "2026-11-28T00:00:00.000Z",
      command: "npm run bench:codec",
      machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 4, os: "Linux", loadAverage: [1, 1, 1] },
      versions: { "@auth/core": "0.41.3" },
      options: { node: options, "edge-runtime": options, workerd: { ...options, minSampleMs: 20 } },
      cases: [...CASES],
      phases: ["decode", "jwt", "session", "encode"],
    },
    runtimes: { node: summarizeCodecRun(samplesFrom(LADDER)), workerd: summarizeCodecRun(samplesFrom(LADDER)) },
  };
  const report = renderCodecReport(run);

  it("opens with the date, command, machine and versions", () => {
    expect(report).toContain("2026-11-28T00:00:00.000Z · `npm run bench:codec` · 2 × Test CPU");
    expect(report).toContain("@auth/core 0.41.3");
    expect(report).toContain("≥ 20 ms");
  });

  it("shows both target ratios per runtime and every case", () => {
    expect(report).toContain("| session read, template / stock (target ≤ 0.5) | 0.40 | 0.40 |");
    expect(report).toContain("| decode, template / jose floor (target ≤ 2) | 1.50 | 1.50 |");
    expect(report).toContain("| reuse of the unchanged token (encode phase) | 400 | 400 |");
    for (const name of CASES) expect(report).toContain(`| ${name} |`);
  });

  it("shows no ratio rather than Infinity when a smoke run's floor read 0", () => {
    const zeroFloor = summarizeCodecRun(samplesFrom({ ...LADDER, "decode:jose-floor": 0 }));
    const rendered = renderCodecReport({ ...run, runtimes: { workerd: zeroFloor } });
    expect(rendered).toContain("| decode, template / jose floor (target ≤ 2) | – |");
  });

  it("leaves workerd out of the phase table, whose clock cannot time a phase", () => {
    expect(report).toContain("| read:template | node | 200 |");
    expect(report).not.toContain("| read:template | workerd |");
  });
});
