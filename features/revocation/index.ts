import type { NextAuthConfig } from "next-auth";

import { mapConfig, type Feature } from "../../lib/features";
import { withJwtStep } from "../../lib/jwt-step";

import { endJwtSessions } from "./end-sessions";
import { readSessionCheckSeconds } from "./env";
import { applySessionVersion } from "./session-version";

/**
 * Revocation of JWT sessions (AUTH_SESSION_CHECK_SECONDS): "sign out everywhere" and the admin's
 * "end their sessions" bump the user's session version, and every session read — both instances'
 * `jwt` callback and `getToken()`'s path — compares it with the token's (session-version.ts).
 * Unset, nothing is wrapped and ending sessions says what to set.
 */
export function revocation(): Feature {
  const intervalSeconds = readSessionCheckSeconds();
  const sessions = endJwtSessions(intervalSeconds);
  if (intervalSeconds === undefined) return { name: "revocation", sessions };

  const withCheck = (config: NextAuthConfig) =>
    // At sign-in (`user` passed) the store is read for the version the new session carries.
    withJwtStep(config, (token, { user }) => applySessionVersion(token, { signingIn: Boolean(user), intervalSeconds }));
  return {
    name: "revocation",
    config: (config) => mapConfig(config, withCheck),
    checkToken: (token) => applySessionVersion(token, { signingIn: false, intervalSeconds }),
    sessions,
  };
}
