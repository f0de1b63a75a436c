/**
 * The bench job as a Web-API-only bundle for edge-runtime and workerd (built by
 * bench/lib/bundle.ts). The database variants use @auth/d1-adapter over the `DB` binding the
 * host passes in: D1 on workerd, the embedded SQLite on edge-runtime.
 */
import { D1Adapter, type D1Database } from "@auth/d1-adapter";

import { authConfig } from "../../auth.config";
import { parseJob, type JobResult } from "../lib/job";
import { runJob } from "../lib/run-job";

export async function runBenchJob(jobText: string, db: unknown): Promise<JobResult> {
  const job = parseJob(jobText);
  // The host passes a D1 binding (workerd) or the SQLite shim with the same methods (edge-runtime).
  return runJob(job, authConfig, () => D1Adapter(db as D1Database));
}
