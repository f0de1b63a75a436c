import type { JwtCodec } from "../lib/app";
import { buildCases, CASES, type CaseName } from "./cases";

/**
 * Runs every case interleaved inside one runtime: each iteration runs all cases once, in a
 * fresh shuffled order, so drift (JIT, the neighbours on a shared machine) falls on all cases
 * alike and no case always follows the same one (a rotation would always put the same case
 * after the most garbage-heavy one, and charge it that case's garbage collection). Samples are microseconds per operation. workerd's clock ticks in whole
 * milliseconds, so there a sample is the mean of a batch sized to last `minSampleMs`.
 */
export interface MeasureOptions {
  warmup: number;
  iterations: number;
  /** 0: one operation per sample (Node, edge-runtime: the clock has sub-microsecond steps). */
  minSampleMs: number;
}

export interface CaseSamples {
  whole: number[];
  batch: number;
}

export interface MeasureResult {
  samples: Record<string, CaseSamples>;
  sink: number;
}

export async function measure({ warmup, iterations, minSampleMs }: MeasureOptions, template: JwtCodec): Promise<MeasureResult> {
  const cases = await buildCases(template);
  let sink = 0;

  const batch = {} as Record<CaseName, number>;
  for (const name of CASES) {
    const start = performance.now();
    for (let i = 0; i < warmup; i++) sink += await cases[name]();
    const perOperation = (performance.now() - start) / warmup;
    batch[name] = minSampleMs > 0 ? Math.max(1, Math.ceil(minSampleMs / Math.max(perOperation, 0.001))) : 1;
  }

  const samples: Record<string, CaseSamples> = Object.fromEntries(
    CASES.map((name) => [name, { whole: [], batch: batch[name] }]),
  );
  const random = seededRandom(iterations);
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (const name of shuffled(CASES, random)) {
      const run = cases[name];
      const start = performance.now();
      for (let j = 0; j < batch[name]; j++) sink += await run();
      (samples[name] as CaseSamples).whole.push(((performance.now() - start) * 1000) / batch[name]);
    }
  }
  return { samples, sink };
}

/** Fisher–Yates over a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** mulberry32: a small seeded generator, so a run's case order can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
