import { isOff, parseJobResult, type Job } from "./job";
import type { Runner } from "./runners";
import { median } from "./stats";

/** One variant's raw samples pooled over rounds, plus each round's median for the record. */
export interface Pooled {
  variant: string;
  whole: number[];
  phases: Record<string, number[]>;
  roundMedians: number[];
}

export interface InterleaveOptions {
  variants: readonly string[];
  rounds: number;
  /** The whole job for one variant (its subject, sample sizes, database). */
  job: (variant: string) => Job;
  onProgress?: (message: string) => void;
  /** Collects the line of each variant skipped because its feature is off (bench/lib/app.ts). */
  off?: Set<string>;
}

/**
 * Runs every variant once per round, each in a fresh process, reversing the order every other
 * round (A B C, C B A, …) so warm caches and machine drift fall on all variants alike.
 */
export async function interleave(runner: Runner, { variants, rounds, job, onProgress, off }: InterleaveOptions): Promise<Pooled[]> {
  const pooled = new Map<string, Pooled>(
    variants.map((variant) => [variant, { variant, whole: [], phases: {}, roundMedians: [] }]),
  );
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      if (!pooled.has(variant)) continue;
      onProgress?.(`round ${round + 1}/${rounds} ${variant}`);
      const answer = await runner(job(variant));
      if (isOff(answer)) {
        onProgress?.(`${variant} skipped: ${answer.off}`);
        off?.add(answer.off);
        pooled.delete(variant);
        continue;
      }
      const result = parseJobResult(answer);
      if (result.variant !== variant) throw new Error(`asked for ${variant}, got samples of ${result.variant}`);
      const into = pooled.get(variant);
      if (!into) continue;
      into.whole.push(...result.whole);
      into.roundMedians.push(median(result.whole));
      for (const [phase, samples] of Object.entries(result.phases)) (into.phases[phase] ??= []).push(...(samples ?? []));
    }
  }
  return [...pooled.values()];
}

