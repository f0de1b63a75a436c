/**
 * The bench jobs as a Web-API-only bundle for edge-runtime and workerd (built by
 * bench/lib/bundle.ts). The database variants use @auth/d1-adapter over the `DB` binding the
 * host passes in: D1 on workerd, the embedded SQLite on edge-runtime; revocation's KV variant
 * uses the `SESSION_VERSION_KV` binding workerd has.
 */
import { D1Adapter, type D1Database } from "@auth/d1-adapter";

import { authConfig as appConfig } from "../../auth.config";
import { withJwtCodec } from "../../features/fast-read";
import middleware from "../../middleware";
import { runJob } from "../lib/run-job";
import type { KvBinding } from "../lib/variants";

/** The app's config with the template's codec (features/fast-read), as the app runs it. */
const authConfig = withJwtCodec(appConfig);

export async function runBenchJob(jobText: string, db: unknown, kv?: unknown): Promise<unknown> {
  // The host passes a D1 binding (workerd) or the SQLite shim with the same methods (edge-runtime).
  return runJob(jobText, { authConfig, middleware, adapter: () => D1Adapter(db as D1Database), kv: kv as KvBinding | undefined });
}
