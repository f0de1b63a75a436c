import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } from "next/constants";

import { assertCanSignIn, EnvError, parseAuthEnv, readProcessEnv } from "./lib/env";
import { securityHeaders } from "./lib/response-headers";

/**
 * Checks the auth variables when `next build` or `next start` begins, so a missing secret or a
 * half-configured provider stops the process with a message naming the variable, instead of
 * failing on the first request. Builds may lack the runtime secret (Cloudflare injects it per
 * request); `next start` may not. Each feature checks its own variables (features/<name>/env.ts).
 */
function checkEnv(phase: string): void {
  if (phase !== PHASE_PRODUCTION_BUILD && phase !== PHASE_PRODUCTION_SERVER) return;
  try {
    const env = parseAuthEnv(readProcessEnv(), { requireSecret: phase === PHASE_PRODUCTION_SERVER });
    if (phase === PHASE_PRODUCTION_SERVER) assertCanSignIn(env);
    for (const checkFeatureEnv of featureEnvChecks) checkFeatureEnv({ serving: phase === PHASE_PRODUCTION_SERVER });
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n  Configuration error: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Found by folder rather than through auth.config.ts's list: that file imports next-auth, which
 * Node cannot load outside a bundler (its `next/server` import has no extension). Required while
 * this file loads, when Next's TypeScript hook is in place. A deleted feature has no check left.
 */
type CheckFeatureEnv = (options: { serving: boolean }) => void;
const featuresDir = join(process.cwd(), "features");
const featureEnvChecks: CheckFeatureEnv[] = (existsSync(featuresDir) ? readdirSync(featuresDir) : []).flatMap((name) => {
  const file = join(featuresDir, name, "env.ts");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only now
  return existsSync(file) ? [(require(file) as { checkEnv: CheckFeatureEnv }).checkEnv] : [];
});

export default function config(phase: string): NextConfig {
  checkEnv(phase);
  return {
    // No `X-Powered-By: Next.js`: a version hint is all it gives anyone.
    poweredByHeader: false,
    // `forbidden()` renders app/forbidden.tsx with a real 403 status.
    experimental: { authInterrupts: true },
    headers: async () => [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "development") }],
  };
}
