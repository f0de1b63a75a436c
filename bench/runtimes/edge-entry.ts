/**
 * The bench jobs as a Web-API-only bundle for edge-runtime and workerd (built by
 * bench/lib/bundle.ts). The database variants use @auth/d1-adapter over the `DB` binding the
 * host passes in: D1 on workerd, the embedded SQLite on edge-runtime; revocation's KV variant
 * uses the `SESSION_VERSION_KV` binding workerd has. The app is evaluated with the job's
 * variables (`__BENCH_ENV`, bench/lib/bundle.ts), set by the host before the bundle runs.
 */
import { D1Adapter, type D1Database } from "@auth/d1-adapter";

import { authConfig, features } from "../../auth.config";
import middleware from "../../middleware";
import { runJob } from "../lib/run-job";

export async function runBenchJob(jobText: string, db: unknown, kv?: unknown): Promise<unknown> {
  // The host passes a D1 binding (workerd) or the SQLite shim with the same methods (edge-runtime).
  return runJob(jobText, { app: { authConfig, features }, middleware, adapter: () => D1Adapter(db as D1Database), kv });
}
