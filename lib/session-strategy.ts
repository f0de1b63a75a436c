import { D1Adapter } from "@auth/d1-adapter";
import type { NextAuthConfig } from "next-auth";

import { readD1Binding } from "../platform/cloudflare/d1";
import { withDatabaseSessions } from "./database-sessions";
import type { SessionStrategy } from "./env";
import type { AnyConfig } from "./features";

/**
 * Applies the session strategy the caller read from AUTH_SESSION_STRATEGY (lib/env.ts decides
 * it; auth.ts and middleware.ts each pass what they read). "jwt" returns the config as is.
 * "database" adds the D1 adapter per request: on Cloudflare the binding exists only inside a
 * request, and edge routes cannot load SQLite or open TCP to Postgres.
 * @see https://authjs.dev/getting-started/adapters/d1
 */
export function selectSessionStrategy(
  config: NextAuthConfig,
  strategy: SessionStrategy,
): AnyConfig {
  if (strategy === "jwt") return config;
  return () => withDatabaseSessions(config, D1Adapter(readD1Binding()));
}
