import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } from "next/constants";

import { assertCanSignIn, EnvError, parseAuthEnv, readProcessEnv } from "./lib/env";
import { securityHeaders } from "./lib/response-headers";

/**
 * Checks the auth variables when `next build` or `next start` begins, so a missing secret or a
 * half-configured provider stops the process with a message naming the variable, instead of
 * failing on the first request. Builds may lack the runtime secret (Cloudflare injects it per
 * request); `next start` may not.
 */
function checkEnv(phase: string): void {
  if (phase !== PHASE_PRODUCTION_BUILD && phase !== PHASE_PRODUCTION_SERVER) return;
  try {
    const env = parseAuthEnv(readProcessEnv(), { requireSecret: phase === PHASE_PRODUCTION_SERVER });
    if (phase === PHASE_PRODUCTION_SERVER) assertCanSignIn(env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n  Configuration error: ${error.message}\n`);
    process.exit(1);
  }
}

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
