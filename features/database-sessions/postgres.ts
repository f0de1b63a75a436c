import PostgresAdapter from "@auth/pg-adapter";
import type { Adapter } from "@auth/core/adapters";
import { Pool } from "pg";

/**
 * Database sessions in PostgreSQL (Vercel, `next start`): one pool per process, shared by
 * middleware (Node.js only: edge middleware cannot open TCP) and the app's routes. Loaded only
 * on Node.js (index.ts imports it behind a NEXT_RUNTIME check), so no edge bundle holds `pg`.
 * @see https://authjs.dev/getting-started/adapters/pg
 */
export interface PostgresSessions {
  adapter: Adapter;
  /** Deletes every session row of `userId` ("sign out everywhere"); the adapter deletes by token only. */
  deleteSessionsOf(userId: string): Promise<void>;
}

/**
 * A database that stops answering must not hold requests: a connection gets 5 s to open and a
 * query 5 s to answer, then the read fails and the visitor is signed out (SECURITY.md).
 */
export const POSTGRES_TIMEOUT_MS = 5_000;

export function connectPostgres(connectionString: string): PostgresSessions {
  const pool = new Pool({ connectionString, connectionTimeoutMillis: POSTGRES_TIMEOUT_MS, query_timeout: POSTGRES_TIMEOUT_MS });
  // An idle connection the server dropped (a restart) emits here; unheard, it would end the process.
  pool.on("error", (error) => console.error("database-sessions: idle PostgreSQL connection lost:", error.message));
  return {
    adapter: PostgresAdapter(pool),
    deleteSessionsOf: async (userId) => {
      await pool.query('DELETE FROM sessions WHERE "userId" = $1', [userId]);
    },
  };
}
