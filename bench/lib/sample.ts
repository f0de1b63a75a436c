import { PHASES, PhaseClock } from "./phase-clock";
import type { SessionReader } from "./session-read";

/** Raw timings of one batch in one process: whole request and each phase, in milliseconds. */
export interface Samples {
  whole: number[];
  phases: Record<string, number[]>;
}

export interface SampleOptions {
  warmup: number;
  iterations: number;
  /**
   * Reads per sample (default 1). workerd's clock ticks in whole milliseconds (a Spectre
   * mitigation), so there a sample is the mean of a batch of reads.
   */
  batch?: number;
}

/**
 * Runs warm-up reads (JIT, key caches, connection pools) and then timed reads one after the
 * other. Every response body is read and folded into a checksum that is returned, so no
 * runtime can skip the work as dead code.
 */
export async function sampleSessionReads(
  reader: SessionReader,
  { warmup, iterations, batch = 1 }: SampleOptions,
): Promise<Samples & { sink: number }> {
  const clock = reader.clock;
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += await readOnce(reader);

  const whole: number[] = [];
  const phases: Record<string, number[]> = {};
  for (let i = 0; i < iterations; i++) {
    clock.reset();
    const start = performance.now();
    for (let j = 0; j < batch; j++) sink += await readOnce(reader);
    whole.push((performance.now() - start) / batch);
    for (const phase of PHASES) {
      const spent = clock.spent.get(phase);
      if (spent !== undefined) (phases[phase] ??= []).push(spent / batch);
    }
  }
  return { whole, phases, sink };
}

/** One read; throws unless it answered a signed-in session, so a broken scenario cannot time an error path. */
async function readOnce(reader: SessionReader): Promise<number> {
  const response = await reader.read();
  const body = await response.text();
  if (response.status !== 200 || !body.includes(reader.expectedEmail)) {
    throw new Error(`${reader.name}: expected a signed-in session, got ${response.status} ${body.slice(0, 200)}`);
  }
  return body.length + (response.headers.get("set-cookie")?.length ?? 0);
}

export { PhaseClock };
