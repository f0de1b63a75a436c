import { describe, expect, it } from "vitest";

import { CASES } from "../codec/cases";
import type { CaseSamples } from "../codec/measure";
import { renderCodecSection, summarizeCodecRun, type CodecResult } from "../codec/report";

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

describe("codec section of the bench report", () => {
  const options = { warmup: 1, iterations: 4, minSampleMs: 0 };
  const codec: CodecResult = {
    cases: [...CASES],
    options: { node: options, workerd: { ...options, minSampleMs: 10 } },
    runtimes: { node: summarizeCodecRun(samplesFrom(MEDIANS)), workerd: summarizeCodecRun(samplesFrom(MEDIANS)) },
  };
  const section = renderCodecSection(codec);

  it("states the method: iterations per runtime and workerd's batch length", () => {
    expect(section).toContain("iterations per case: node 4, workerd 4");
    expect(section).toContain("≥ 10 ms");
  });

  it("shows the decode target per runtime, each idea's saving and every case", () => {
    expect(section).toContain("| decode, template / floor (target ≤ 2) | 1.50 | 1.50 |");
    expect(section).toMatch(/\| decode: A256GCM instead of A256CBC-HS512 .* \| 450 \| 450 \|/);
    for (const name of CASES) expect(section).toContain(`| ${name} |`);
  });

  it("shows no ratio rather than Infinity when a smoke run's floor read 0", () => {
    const zeroFloor = summarizeCodecRun(samplesFrom({ ...MEDIANS, "decode:jose-floor": 0 }));
    const rendered = renderCodecSection({ ...codec, runtimes: { workerd: zeroFloor } });
    expect(rendered).toContain("| decode, template / floor (target ≤ 2) | – |");
  });
});
