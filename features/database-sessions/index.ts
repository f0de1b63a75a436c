import type { EndSessions, Feature, SessionEnding } from "../../lib/features";

import { withDatabaseSessions } from "./database-sessions";
import { readDatabaseSessionsEnv } from "./variables";
import { createSessionStores } from "./stores";

const ENDED: SessionEnding = { supported: true, strategy: "database" };

/**
 * Database sessions (AUTH_SESSION_STRATEGY=database): an opaque cookie and a session row, read
 * through the adapter on every request; the core sees the adapter and hands reads to next-auth.
 * Rows live in D1 on Cloudflare, in PostgreSQL (DATABASE_URL) elsewhere. Off: JWT sessions.
 */
export function databaseSessions(): Feature {
  const env = readDatabaseSessionsEnv();
  if (!env.on) return { name: "database-sessions" };
  const store = createSessionStores(env.databaseUrl);
  const sessions: EndSessions = {
    ending: () => ENDED,
    // Rows are the sessions: deleting them ends every device's session on its next request.
    end: async (userId) => {
      await (await store()).deleteSessionsOf(userId);
      return ENDED;
    },
  };
  return {
    name: "database-sessions",
    // Per request: the D1 binding exists only inside one.
    config: (config) => async (request) => {
      const settled = typeof config === "function" ? await config(request) : config;
      return withDatabaseSessions(settled, (await store()).adapter);
    },
    sessions,
  };
}
