/**
 * The environment the template's config is built from in every runtime of this bench:
 * production mode, demo users on (their Credentials provider is part of the config's cost).
 * The secret is passed to `Auth()` directly (bench/codec/cases.ts).
 */
export const CODEC_BENCH_ENV = {
  NODE_ENV: "production",
  AUTH_DEMO_USERS: "true",
  AUTH_URL: "http://localhost:3000",
  AUTH_TRUST_HOST: "true",
} as const;
