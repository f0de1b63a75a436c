import type { Adapter } from "@auth/core/adapters";
import type { JWTEncodeParams } from "@auth/core/jwt";
import type { NextAuthConfig } from "next-auth";

import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "../../lib/session-lifetime";

/**
 * The database-session variant of the same config: same providers and callbacks, plus an
 * adapter. The cookie then holds an opaque session token and every session read costs
 * `getSessionAndUser` (and `updateSession` when the row is older than `updateAge`).
 * @see https://authjs.dev/concepts/session-strategies#database-session
 */

// Write policy: a session read rewrites the row's `expires` only when the row was last extended
// more than `updateAge` ago (lib/session-lifetime.ts), so at most one write per session per day.

export function withDatabaseSessions(config: NextAuthConfig, adapter: Adapter): NextAuthConfig {
  return {
    ...config,
    adapter,
    // No explicit `strategy`: with an adapter Auth.js resolves it to "database" (@auth/core
    // lib/init). Stating it makes Auth.js refuse the Credentials provider (UnsupportedStrategy).
    session: { maxAge: config.session?.maxAge ?? SESSION_MAX_AGE_SECONDS, updateAge: config.session?.updateAge ?? SESSION_UPDATE_AGE_SECONDS },
    jwt: {
      ...config.jwt,
      // Credentials sign-in always ends in `jwt.encode`, whatever the strategy, and with an
      // adapter nothing else calls it. Creating the session row here turns that sign-in into a
      // database session, the known workaround (next-auth issues #1301, #11420).
      encode: (params) => createSessionRow(adapter, params),
    },
  };
}

async function createSessionRow(adapter: Adapter, { token, maxAge }: JWTEncodeParams): Promise<string> {
  const userId = token?.sub;
  if (!userId || !adapter.createSession) {
    throw new Error("A database session needs a signed-in user id and an adapter with createSession.");
  }
  const sessionToken = crypto.randomUUID();
  const expires = new Date(Date.now() + (maxAge ?? SESSION_MAX_AGE_SECONDS) * 1000);
  await adapter.createSession({ sessionToken, userId, expires });
  return sessionToken;
}
