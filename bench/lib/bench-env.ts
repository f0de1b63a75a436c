/**
 * The environment the template's config is built from in every runtime: production mode with
 * the demo accounts on (the bench signs in as demo@example.com) and JWT as the app default;
 * the database variants add their adapter themselves.
 */
export const BENCH_ENV = {
  NODE_ENV: "production",
  AUTH_DEMO_USERS: "true",
  AUTH_URL: "http://localhost:3000",
  AUTH_TRUST_HOST: "true",
} as const;
