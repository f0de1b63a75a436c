import type { MeasureOptions, MeasureResult } from "../codec/measure";
import { CASES } from "../codec/cases";
import { summarizeCodecRun, type CodecResult } from "../codec/report";
import { isOff } from "../lib/job";
import { runnerOf, type Runner, type RuntimeName } from "../lib/runners";

/**
 * Subject (`--codec`): the template's JWT `decode`/`encode` alone against stock Auth.js's and
 * the `jose` floor (bench/codec/), all cases interleaved in one fresh process per runtime.
 */
function optionsFor(runtime: RuntimeName, quick: boolean): MeasureOptions {
  if (quick) return { warmup: 3, iterations: 3, minSampleMs: runtime === "workerd" ? 2 : 0 };
  return runtime === "workerd" ? { warmup: 300, iterations: 150, minSampleMs: 10 } : { warmup: 300, iterations: 400, minSampleMs: 0 };
}

export async function measureCodec(
  runtimes: readonly RuntimeName[],
  runners: Partial<Record<RuntimeName, Runner>>,
  { quick, progress, off }: { quick: boolean; progress: (message: string) => void; off?: Set<string> },
): Promise<CodecResult | undefined> {
  const result: CodecResult = { cases: [...CASES], options: {}, runtimes: {} };
  for (const runtime of runtimes) {
    const options = optionsFor(runtime, quick);
    progress(`codec · ${runtime} · ${options.warmup} warm-up and ${options.iterations} interleaved iterations per case`);
    const answer = await runnerOf(runners, runtime)({ subject: "codec", ...options });
    // The template's codec is fast-read's: without it there is nothing to compare.
    if (isOff(answer)) {
      progress(`codec skipped: ${answer.off}`);
      off?.add(answer.off);
      return undefined;
    }
    result.options[runtime] = options;
    result.runtimes[runtime] = summarizeCodecRun(parseCodecResult(answer).samples);
  }
  return result;
}

function parseCodecResult(value: unknown): MeasureResult {
  const samples = (value as Partial<MeasureResult> | null)?.samples;
  const valid =
    typeof samples === "object" &&
    samples !== null &&
    CASES.every((name) => {
      const found = samples[name];
      return found !== undefined && Number.isInteger(found.batch) && Array.isArray(found.whole) && found.whole.every(Number.isFinite);
    });
  if (!valid) throw new Error(`malformed codec result: ${JSON.stringify(value).slice(0, 200)}`);
  return value as MeasureResult;
}
