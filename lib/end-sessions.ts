import { features } from "../auth.config";
import { redisFromEnv } from "../platform/upstash/redis";

import { authEnv } from "./env";
import { forgetVersionChecks, getSharedVersionStore } from "./session-version";

/**
 * "Sign out everywhere": ends every session of one user, by the means the session strategy
 * has. The first feature with a `sessions` hook answers (database sessions delete the rows). A JWT lives in
 * the browser until it expires, so the user's session version is bumped instead and each
 * session ends at its next check (AUTH_SESSION_CHECK_SECONDS). That needs a store every
 * instance reads (Redis, or KV on Cloudflare): an in-memory version would be seen by one
 * instance only (under `next start`, middleware runs in its own sandbox), so without one this
 * says so instead of pretending.
 */
export type SessionEnding =
  | { supported: true; strategy: "database" }
  | { supported: true; strategy: "jwt"; withinSeconds: number; propagationSeconds: number }
  | { supported: false; reason: string };

/**
 * KV is eventually consistent: Cloudflare states a write can take about 60 s to be read at
 * other locations, so a device served elsewhere may keep its session that much longer. Redis
 * (one region, strongly consistent) has no such delay.
 * @see https://developers.cloudflare.com/kv/concepts/how-kv-works/
 */
const KV_PROPAGATION_SECONDS = 60;

export function sessionEnding(): SessionEnding {
  const owner = features.find((feature) => feature.sessions)?.sessions;
  if (owner) return owner.ending();
  const env = authEnv();
  if (env.sessionCheckSeconds === undefined) {
    return { supported: false, reason: "JWT sessions end only when they expire: set AUTH_SESSION_CHECK_SECONDS to let them be ended early." };
  }
  if (!getSharedVersionStore()) {
    return {
      supported: false,
      reason: "Ending JWT sessions needs a session-version store every instance reads: set KV_REST_API_URL and KV_REST_API_TOKEN (Redis; Vercel's Upstash integration sets them), or bind the SESSION_VERSION_KV namespace on Cloudflare.",
    };
  }
  const propagationSeconds = redisFromEnv() ? 0 : KV_PROPAGATION_SECONDS;
  return { supported: true, strategy: "jwt", withinSeconds: env.sessionCheckSeconds, propagationSeconds };
}

/** Ends every session of `userId`; returns what happened, in the terms of `sessionEnding()`. */
export async function endSessions(userId: string): Promise<SessionEnding> {
  const owner = features.find((feature) => feature.sessions)?.sessions;
  if (owner) return owner.end(userId);
  const ending = sessionEnding();
  if (!ending.supported) return ending;
  await getSharedVersionStore()?.bump(userId);
  // This isolate reads the new version at once; others within their check interval.
  forgetVersionChecks(userId);
  return ending;
}
