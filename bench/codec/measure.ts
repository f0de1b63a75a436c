import { authConfig } from "../../auth.config";
import { buildCases, CASES, PHASES, type CaseName, type Phase } from "./cases";

/**
 * Runs every case interleaved inside one runtime: each iteration runs all cases once, in an
 * order rotated per iteration, so drift (GC, JIT, the neighbours on a shared machine) falls on
 * all cases alike. Samples are microseconds per operation. workerd's clock ticks in whole
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
  phases: Partial<Record<Phase, number[]>>;
  batch: number;
}

export interface MeasureResult {
  samples: Record<string, CaseSamples>;
  sink: number;
}

export async function measure({ warmup, iterations, minSampleMs }: MeasureOptions): Promise<MeasureResult> {
  const cases = await buildCases(authConfig);
  let sink = 0;

  const batch = {} as Record<CaseName, number>;
  for (const name of CASES) {
    const start = performance.now();
    for (let i = 0; i < warmup; i++) sink += await cases[name].run();
    const perOperation = (performance.now() - start) / warmup;
    batch[name] = minSampleMs > 0 ? Math.max(1, Math.ceil(minSampleMs / Math.max(perOperation, 0.001))) : 1;
  }

  const samples: Record<string, CaseSamples> = Object.fromEntries(
    CASES.map((name) => [name, { whole: [], phases: {}, batch: batch[name] }]),
  );
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let k = 0; k < CASES.length; k++) {
      const name = CASES[(iteration + k) % CASES.length] as CaseName;
      const benchCase = cases[name];
      const into = samples[name] as CaseSamples;
      const spent = new Map<Phase, number>();
      const start = performance.now();
      for (let j = 0; j < batch[name]; j++) {
        sink += await benchCase.run();
        for (const [phase, ms] of benchCase.phases ?? []) spent.set(phase, (spent.get(phase) ?? 0) + ms);
      }
      into.whole.push(((performance.now() - start) * 1000) / batch[name]);
      for (const phase of PHASES) {
        const ms = spent.get(phase);
        if (ms !== undefined) (into.phases[phase] ??= []).push((ms * 1000) / batch[name]);
      }
    }
  }
  return { samples, sink };
}
