import type { Job } from "./job";

/** Bench-only secret: the timed work does not depend on its value, only on its presence. */
export const BENCH_SECRET = "bench-only-secret-not-for-production-0123456789";

/**
 * The environment the template's config is built from in every runtime: production mode with
 * the demo accounts on (the bench signs in as demo@example.com) and JWT as the app default;
 * the database variants add their adapter themselves. `AUTH_SECRET` is here because
 * `middleware.ts` builds its config from the environment when it is imported.
 */
export const BENCH_ENV = {
  NODE_ENV: "production",
  AUTH_DEMO_USERS: "true",
  AUTH_URL: "http://localhost:3000",
  AUTH_TRUST_HOST: "true",
  AUTH_SECRET: BENCH_SECRET,
} as const;

/**
 * The environment one job's app sees: BENCH_ENV and the variables its variant sets (`variantEnv`,
 * bench/lib/variants.ts). Edge bundles inline BENCH_ENV and read the rest at run time from
 * `__BENCH_ENV`, which the host defines before the bundle runs (bench/lib/bundle.ts).
 */
export function benchEnvOf(job: Job): Record<string, string> {
  return { ...BENCH_ENV, ...(job.subject === "session-read" ? job.env : undefined) };
}
