import { interleave } from "../lib/interleave";
import type { PageLoadJob } from "../lib/job";
import { PAGE_LOAD_VARIANTS } from "../lib/page-load";
import { pageLoadsFor, type PageLoadResult } from "../lib/results";
import { runnerOf, type Runner, type RuntimeName } from "../lib/runners";

/**
 * Subject: the auth cost of one signed-in page load (bench/lib/page-load.ts): the template's
 * `middleware.ts` and render read against stock Auth.js's, each variant in a fresh process
 * per round, rounds interleaved. `/dashboard` throughput under real servers is `--load`.
 */
function planFor(runtime: RuntimeName, quick: boolean): PageLoadResult["method"] {
  if (quick) return { rounds: 1, warmup: 3, iterations: 5, batch: runtime === "workerd" ? 4 : 1 };
  // workerd: a batch of 40 calls lasts well over ten of its 1 ms clock ticks.
  return runtime === "workerd" ? { rounds: 2, warmup: 200, iterations: 30, batch: 40 } : { rounds: 3, warmup: 200, iterations: 300, batch: 1 };
}

export async function measurePageLoads(
  runtimes: readonly RuntimeName[],
  runners: Partial<Record<RuntimeName, Runner>>,
  { quick, progress, off }: { quick: boolean; progress: (message: string) => void; off?: Set<string> },
): Promise<PageLoadResult[]> {
  const results: PageLoadResult[] = [];
  for (const runtime of runtimes) {
    const { rounds, ...sizes } = planFor(runtime, quick);
    const pooled = await interleave(runnerOf(runners, runtime), {
      variants: PAGE_LOAD_VARIANTS,
      rounds,
      job: (variant): PageLoadJob => ({ subject: "page-load", variant, ...sizes }),
      onProgress: (message) => progress(`page load · ${runtime} · ${message}`),
      off,
    });
    results.push(...pageLoadsFor(runtime, pooled, { rounds, ...sizes }));
  }
  return results;
}
