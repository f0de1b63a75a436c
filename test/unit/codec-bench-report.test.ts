import { describe, expect, it } from "vitest";

import { CASES } from "@/bench/codec/cases";
import type { CaseSamples } from "@/bench/codec/measure";
import { median, percentile, renderCodecReport, summarizeCodecRun, type CodecRun } from "@/bench/codec/report";

/** Samples where every case takes `base[name]` µs, with one slow outlier. */
function samplesFrom(base: Record<string, number>): Record<string, CaseSamples> {
  return Object.fromEntries(
    CASES.map((name) => {
      const value = base[name] ?? 100;
      return [name, { whole: [value, value, value, value * 50], batch: 1 }];
    }),
  );
}

const MEDIANS = {
  "decode:stock": 900,
  "decode:template-cbc": 600,
  "decode:template": 150,
  "decode:jose-floor": 100,
  "encode:stock": 700,
  "encode:template": 220,
  "encode:jose-floor": 200,
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

  it("computes the ratios to the floor and each idea's saving from the medians", () => {
    const summary = summarizeCodecRun(samplesFrom(MEDIANS));
    expect(summary.decodeOverFloor).toBeCloseTo(1.5);
    expect(summary.encodeOverFloor).toBeCloseTo(1.1);
    expect(summary.savings).toEqual({ decodeKeyCache: 300, decodeGcm: 450, encodeKeyCacheAndGcm: 480 });
  });

  it("refuses a run missing a case instead of reporting a made-up ratio", () => {
    const samples = samplesFrom(MEDIANS);
    delete samples["decode:jose-floor"];
    expect(() => summarizeCodecRun(samples)).toThrow(/decode:jose-floor/);
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
      options: { node: options, "edge-runtime": options, workerd: { ...options, minSampleMs: 10 } },
      cases: [...CASES],
    },
    runtimes: { node: summarizeCodecRun(samplesFrom(MEDIANS)), workerd: summarizeCodecRun(samplesFrom(MEDIANS)) },
  };
  const report = renderCodecReport(run);

  it("opens with the date, command, machine and versions", () => {
    expect(report).toContain("2026-11-28T00:00:00.000Z · `npm run bench:codec` · 2 × Test CPU");
    expect(report).toContain("@auth/core 0.41.3");
    expect(report).toContain("≥ 10 ms");
  });

  it("shows the decode target per runtime, each idea's saving and every case", () => {
    expect(report).toContain("| decode, template / floor (target ≤ 2) | 1.50 | 1.50 |");
    expect(report).toMatch(/\| decode: A256GCM instead of A256CBC-HS512 .* \| 450 \| 450 \|/);
    for (const name of CASES) expect(report).toContain(`| ${name} |`);
  });

  it("shows no ratio rather than Infinity when a smoke run's floor read 0", () => {
    const zeroFloor = summarizeCodecRun(samplesFrom({ ...MEDIANS, "decode:jose-floor": 0 }));
    const rendered = renderCodecReport({ ...run, runtimes: { workerd: zeroFloor } });
    expect(rendered).toContain("| decode, template / floor (target ≤ 2) | – |");
  });
});
