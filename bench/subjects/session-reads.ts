import { bundleForEdge } from "../lib/bundle";
import { interleave } from "../lib/interleave";
import type { Job } from "../lib/job";
import { ratiosFor, toVariantResult, type RuntimeRatios, type VariantResult } from "../lib/results";
import { edgeRuntimeRunner, nodeRunner, workerdRunner, type Runner } from "../lib/runners";
import { VARIANTS, type VariantName } from "../lib/variants";

/**
 * Subject: one session read, JWT vs database, on each runtime, with the embedded database of
 * that runtime (SQLite on Node and edge-runtime, D1 on workerd). Needs no setup.
 */
export const RUNTIMES = ["node", "edge-runtime", "workerd"] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export interface RuntimePlan {
  rounds: number;
  /** Per variant: JWT reads take about a millisecond; local D1 reads take tens. */
  job: (variant: VariantName) => Omit<Job, "variant">;
}

const isDatabase = (variant: VariantName) => variant.startsWith("template-db");

export function planFor(runtime: RuntimeName, quick: boolean): RuntimePlan {
  const database = runtime === "workerd" ? "d1" : "sqlite";
  if (quick) return { rounds: 1, job: () => ({ database, warmup: 3, iterations: 5, batch: 1 }) };
  switch (runtime) {
    case "node":
      return { rounds: 3, job: () => ({ database, warmup: 300, iterations: 400, batch: 1 }) };
    case "edge-runtime":
      return { rounds: 3, job: () => ({ database, warmup: 200, iterations: 250, batch: 1 }) };
    case "workerd":
      return {
        rounds: 2,
        job: (variant) =>
          isDatabase(variant)
            ? { database, warmup: 10, iterations: 25, batch: 2 }
            : { database, warmup: 200, iterations: 40, batch: 16 },
      };
  }
}

export const DATABASE_OF: Record<RuntimeName, string> = {
  node: "SQLite (better-sqlite3, in process)",
  "edge-runtime": "SQLite (better-sqlite3, host binding)",
  workerd: "D1 (miniflare local)",
};

export interface SessionReadResults {
  sessionReads: VariantResult[];
  ratios: RuntimeRatios[];
  plans: Record<string, { rounds: number; jwt: Omit<Job, "variant">; database: Omit<Job, "variant"> }>;
}

export async function measureSessionReads(
  runtimes: readonly RuntimeName[],
  { quick, progress }: { quick: boolean; progress: (message: string) => void },
): Promise<SessionReadResults> {
  const bundles = runtimes.some((runtime) => runtime !== "node") ? await bundleForEdge() : undefined;
  const runners: Record<RuntimeName, () => Runner> = {
    node: () => nodeRunner,
    "edge-runtime": () => edgeRuntimeRunner(requireBundle(bundles?.script)),
    workerd: () => workerdRunner(requireBundle(bundles?.worker)),
  };
  const results: SessionReadResults = { sessionReads: [], ratios: [], plans: {} };
  for (const runtime of runtimes) {
    const plan = planFor(runtime, quick);
    results.plans[runtime] = { rounds: plan.rounds, jwt: plan.job("template-jwt"), database: plan.job("template-db") };
    const pooled = await interleave(runners[runtime](), {
      variants: VARIANTS,
      rounds: plan.rounds,
      job: plan.job,
      onProgress: (message) => progress(`session reads · ${runtime} · ${message}`),
    });
    results.sessionReads.push(...pooled.map((p) => toVariantResult(runtime, DATABASE_OF[runtime], p)));
    results.ratios.push(ratiosFor(runtime, pooled));
  }
  return results;
}

function requireBundle(path: string | undefined): string {
  if (!path) throw new Error("edge bundle missing");
  return path;
}
