import { D1Adapter, type D1Database } from "@auth/d1-adapter";
import type { NextAuthConfig } from "next-auth";

import { withDatabaseSessions } from "./database-sessions";
import { parseAuthEnv, readProcessEnv } from "./env";

/**
 * Picks the session strategy from AUTH_SESSION_STRATEGY. "jwt" returns the config as is.
 * "database" adds the D1 adapter per request: on Cloudflare the binding exists only inside a
 * request (`getRequestContext`), and edge routes cannot load SQLite or open TCP to Postgres.
 * @see https://authjs.dev/getting-started/adapters/d1
 */
export function selectSessionStrategy(
  config: NextAuthConfig,
): NextAuthConfig | (() => Promise<NextAuthConfig>) {
  if (parseAuthEnv(readProcessEnv()).sessionStrategy === "jwt") return config;
  return async () => withDatabaseSessions(config, D1Adapter(await readD1Binding()));
}

async function readD1Binding(): Promise<D1Database> {
  // Imported on demand: the module is `server-only` and exists for Cloudflare builds alone.
  const { getRequestContext } = await import("@cloudflare/next-on-pages");
  const { env } = getRequestContext();
  const db: unknown = Reflect.get(env, "DB");
  if (typeof db !== "object" || db === null || !("prepare" in db)) {
    throw new Error(
      'AUTH_SESSION_STRATEGY=database needs the D1 binding "DB" (wrangler.toml [[d1_databases]]); run under wrangler or Cloudflare Pages.',
    );
  }
  return db as D1Database;
}
