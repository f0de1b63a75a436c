import { EnvError, type RawEnv } from "../../lib/env";

/**
 * `AUTH_SESSION_CHECK_SECONDS`: how often, in seconds, a JWT session re-checks its user's session
 * version in the shared store (0: every read). Unset (or empty): revocation is off and sessions
 * live until they expire.
 */
export function parseSessionCheckSeconds(raw: RawEnv): number | undefined {
  const value = raw.AUTH_SESSION_CHECK_SECONDS?.trim();
  if (!value) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new EnvError(`AUTH_SESSION_CHECK_SECONDS must be a whole number of seconds (0 checks on every request), got "${value}".`);
  }
  return Number(value);
}

/** Spelled out: edge bundles inline `process.env.AUTH_SESSION_CHECK_SECONDS` and cannot enumerate `process.env`. */
export function readSessionCheckSeconds(): number | undefined {
  return parseSessionCheckSeconds({ AUTH_SESSION_CHECK_SECONDS: process.env.AUTH_SESSION_CHECK_SECONDS });
}

/** next.config.ts runs this when `next build` or `next start` begins. */
export function checkEnv(): void {
  readSessionCheckSeconds();
}
