import type { Samples, SampleOptions } from "./sample";
import { isVariantName, type VariantName } from "./variants";

/** What the orchestrator asks one fresh process (or workerd instance) to measure. */
export interface Job extends SampleOptions {
  variant: VariantName;
  /** Where the database variants keep their rows: "sqlite", "d1" or a postgres:// URL. */
  database: string;
}

export interface JobResult extends Samples {
  variant: VariantName;
  sink: number;
}

export function parseJob(text: string): Job {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) throw new Error("job must be a JSON object");
  const { variant, database, warmup, iterations, batch = 1 } = value as Record<string, unknown>;
  if (!isVariantName(variant)) throw new Error(`unknown variant ${String(variant)}`);
  if (typeof database !== "string") throw new Error("job.database must be a string");
  if (![warmup, iterations, batch].every(Number.isInteger)) throw new Error("job.warmup, iterations and batch must be integers");
  return { variant, database, warmup: Number(warmup), iterations: Number(iterations), batch: Number(batch) };
}

/** Checks what a job process printed before the numbers are trusted. */
export function parseJobResult(text: string): JobResult {
  const value: unknown = JSON.parse(text);
  const numbers = (list: unknown) => Array.isArray(list) && list.every((n) => typeof n === "number" && Number.isFinite(n));
  if (typeof value !== "object" || value === null) throw new Error("job result must be a JSON object");
  const { variant, whole, phases, sink } = value as Record<string, unknown>;
  if (!isVariantName(variant) || !numbers(whole) || typeof sink !== "number" || typeof phases !== "object" || phases === null) {
    throw new Error(`malformed job result: ${text.slice(0, 200)}`);
  }
  if (!Object.values(phases).every(numbers)) throw new Error("malformed phase samples in job result");
  return value as JobResult;
}
