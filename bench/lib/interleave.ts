import type { Job, JobResult } from "./job";
import type { Runner } from "./runners";
import { median } from "./stats";
import type { VariantName } from "./variants";

/** One variant's raw samples pooled over rounds, plus each round's median for the record. */
export interface Pooled {
  variant: VariantName;
  whole: number[];
  phases: Record<string, number[]>;
  roundMedians: number[];
}

export interface InterleaveOptions {
  variants: readonly VariantName[];
  rounds: number;
  job: (variant: VariantName) => Omit<Job, "variant">;
  onProgress?: (message: string) => void;
}

/**
 * Runs every variant once per round, each in a fresh process, reversing the order every other
 * round (A B C, C B A, …) so warm caches and machine drift fall on all variants alike.
 */
export async function interleave(runner: Runner, { variants, rounds, job, onProgress }: InterleaveOptions): Promise<Pooled[]> {
  const pooled = new Map<VariantName, Pooled>(
    variants.map((variant) => [variant, { variant, whole: [], phases: {}, roundMedians: [] }]),
  );
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      onProgress?.(`round ${round + 1}/${rounds} ${variant}`);
      const result: JobResult = await runner({ variant, ...job(variant) });
      const into = pooled.get(variant);
      if (!into) continue;
      into.whole.push(...result.whole);
      into.roundMedians.push(median(result.whole));
      for (const [phase, samples] of Object.entries(result.phases)) (into.phases[phase] ??= []).push(...(samples ?? []));
    }
  }
  return [...pooled.values()];
}

