import { startBenchRedis, type BenchRedis } from "../lib/bench-redis";
import { interleave } from "../lib/interleave";
import type { SessionReadJob } from "../lib/job";
import { ratiosFor, toVariantResult, type RuntimeRatios, type VariantResult } from "../lib/results";
import { runnerOf, type Runner, type RuntimeName } from "../lib/runners";
import { LADDER_VARIANTS, REVOCATION_VARIANTS, variantEnv, VARIANTS, type VariantName } from "../lib/variants";

/**
 * Subject: one session read, JWT vs database, on each runtime, with the embedded database of
 * that runtime (SQLite on Node and edge-runtime, D1 on workerd). Needs no setup. With
 * `--revocation`, also the template's read with revocation checking the store on every read
 * (memory and Redis over HTTP everywhere, Redis's variables in that variant's job only; KV on
 * workerd, the one runtime with a KV binding).
 */
export interface RuntimePlan {
  rounds: number;
  /** Per variant: JWT reads take about a millisecond; local D1 reads take tens. */
  job: (variant: string) => SessionReadJob;
}

const isDatabase = (variant: string) => variant.startsWith("template-db");

export function planFor(runtime: RuntimeName, quick: boolean, redis?: BenchRedis): RuntimePlan {
  const database = runtime === "workerd" ? "d1" : "sqlite";
  const job = (variant: string, sizes: { warmup: number; iterations: number; batch: number }): SessionReadJob => {
    const env = variantEnv(variant as VariantName, redis);
    return { subject: "session-read", variant, database, ...sizes, ...(env && { env }) };
  };
  if (quick) return { rounds: 1, job: (variant) => job(variant, { warmup: 3, iterations: 5, batch: 1 }) };
  // Sized for the question (medians of JWT vs database per runtime) in well under a minute:
  // two interleaved rounds each, a few hundred reads per variant; process start dominates.
  switch (runtime) {
    case "node":
    case "edge-runtime":
      return { rounds: 2, job: (variant) => job(variant, { warmup: 100, iterations: 150, batch: 1 }) };
    case "workerd":
      return {
        rounds: 2,
        job: (variant) =>
          job(variant, isDatabase(variant) ? { warmup: 5, iterations: 20, batch: 2 } : { warmup: 100, iterations: 25, batch: 16 }),
      };
  }
}

export const DATABASE_OF: Record<RuntimeName, string> = {
  node: "SQLite (better-sqlite3, in process)",
  "edge-runtime": "SQLite (better-sqlite3, host binding)",
  workerd: "D1 (miniflare local)",
};

/** The variants a runtime measures: the codec ladder with `--codec`; KV exists only on workerd. */
export function variantsFor(runtime: RuntimeName, { revocation, ladder }: { revocation: boolean; ladder: boolean }): VariantName[] {
  const base = VARIANTS.filter((variant) => ladder || !LADDER_VARIANTS.some((rung) => rung === variant));
  if (!revocation) return base;
  return [...base, ...REVOCATION_VARIANTS.filter((variant) => runtime === "workerd" || !variant.endsWith("-kv"))];
}

export interface SessionReadResults {
  sessionReads: VariantResult[];
  ratios: RuntimeRatios[];
  plans: Record<string, { rounds: number; jwt: SessionReadJob; database: SessionReadJob }>;
}

export async function measureSessionReads(
  runtimes: readonly RuntimeName[],
  runners: Partial<Record<RuntimeName, Runner>>,
  { quick, revocation, ladder, progress, off }: { quick: boolean; revocation: boolean; ladder: boolean; progress: (message: string) => void; off?: Set<string> },
): Promise<SessionReadResults> {
  const results: SessionReadResults = { sessionReads: [], ratios: [], plans: {} };
  const redis = revocation ? await startBenchRedis() : undefined;
  try {
    for (const runtime of runtimes) {
      const plan = planFor(runtime, quick, redis);
      results.plans[runtime] = { rounds: plan.rounds, jwt: plan.job("template-jwt"), database: plan.job("template-db") };
      const pooled = await interleave(runnerOf(runners, runtime), {
        variants: variantsFor(runtime, { revocation, ladder }),
        rounds: plan.rounds,
        job: plan.job,
        onProgress: (message) => progress(`session reads · ${runtime} · ${message}`),
        off,
      });
      results.sessionReads.push(...pooled.map((p) => toVariantResult(runtime, DATABASE_OF[runtime], p)));
      results.ratios.push(ratiosFor(runtime, pooled));
    }
  } finally {
    await redis?.stop();
  }
  return results;
}
