import type { MeasureOptions } from "../codec/measure";
import { PAGE_LOAD_VARIANTS } from "./page-load";
import type { Samples, SampleOptions } from "./sample";
import { isVariantName } from "./variants";

/**
 * What the orchestrator asks one fresh process (or workerd instance) to measure. `subject`
 * picks the code that runs (bench/lib/run-job.ts); a new subject adds a member here and a
 * case there, and reuses the runners, the interleaving and the results unchanged.
 */
export type Job = SessionReadJob | PageLoadJob | CodecJob;

export interface SessionReadJob extends SampleOptions {
  subject: "session-read";
  variant: string;
  /** Where the database variants keep their rows: "sqlite", "d1" or a postgres:// URL. */
  database: string;
  /** Variables set before the app is imported (bench/lib/variants.ts `variantEnv`). */
  env?: Record<string, string>;
}

export interface PageLoadJob extends SampleOptions {
  subject: "page-load";
  variant: string;
}

export interface CodecJob extends MeasureOptions {
  subject: "codec";
}

/** A job whose variant needs a feature auth.config.ts does not switch on: one line saying which. */
export interface OffResult {
  variant?: string;
  off: string;
}

export function isOff(value: unknown): value is OffResult {
  return typeof value === "object" && value !== null && typeof (value as Partial<OffResult>).off === "string";
}

/** Samples of one variant in one process (session-read, page-load). */
export interface JobResult extends Samples {
  variant: string;
  sink: number;
}

const VARIANT_CHECK: Record<"session-read" | "page-load", (variant: unknown) => boolean> = {
  "session-read": isVariantName,
  "page-load": (variant) => PAGE_LOAD_VARIANTS.some((name) => name === variant),
};

export function parseJob(text: string): Job {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) throw new Error("job must be a JSON object");
  const { subject, variant, database, env, warmup, iterations, batch = 1, minSampleMs } = value as Record<string, unknown>;
  if (!Number.isInteger(warmup) || !Number.isInteger(iterations)) throw new Error("job.warmup and iterations must be integers");
  const counts = { warmup: Number(warmup), iterations: Number(iterations) };
  if (subject === "codec") {
    if (typeof minSampleMs !== "number" || !(minSampleMs >= 0)) throw new Error("codec job.minSampleMs must be a number ≥ 0");
    return { subject, ...counts, minSampleMs };
  }
  if (subject !== "session-read" && subject !== "page-load") throw new Error(`unknown subject ${String(subject)}`);
  if (!VARIANT_CHECK[subject](variant)) throw new Error(`${subject}: unknown variant ${String(variant)}`);
  if (!Number.isInteger(batch)) throw new Error("job.batch must be an integer");
  const sampled = { ...counts, variant: String(variant), batch: Number(batch) };
  if (subject === "page-load") return { subject, ...sampled };
  if (typeof database !== "string") throw new Error("job.database must be a string");
  if (env === undefined) return { subject, ...sampled, database };
  if (typeof env !== "object" || env === null || !Object.values(env).every((v) => typeof v === "string")) throw new Error("job.env must map names to strings");
  return { subject, ...sampled, database, env: env as Record<string, string> };
}

/** Checks what a job process printed before the numbers are trusted. */
export function parseJobResult(value: unknown): JobResult {
  const numbers = (list: unknown) => Array.isArray(list) && list.every((n) => typeof n === "number" && Number.isFinite(n));
  if (typeof value !== "object" || value === null) throw new Error("job result must be a JSON object");
  const { variant, whole, phases, sink } = value as Record<string, unknown>;
  if (typeof variant !== "string" || !numbers(whole) || typeof sink !== "number" || typeof phases !== "object" || phases === null) {
    throw new Error(`malformed job result: ${JSON.stringify(value).slice(0, 200)}`);
  }
  if (!Object.values(phases).every(numbers)) throw new Error("malformed phase samples in job result");
  return value as JobResult;
}
