import { EnvError, type RawEnv } from "../../lib/env";

/**
 * `AUTH_SESSION_STRATEGY=database` turns database sessions on; where the rows live follows from
 * the deployment: the D1 binding `DB` on Cloudflare, else PostgreSQL at `DATABASE_URL`.
 */
export interface DatabaseSessionsEnv {
  on: boolean;
  databaseUrl?: string;
}

export function parseDatabaseSessionsEnv(raw: RawEnv): DatabaseSessionsEnv {
  const strategy = raw.AUTH_SESSION_STRATEGY?.trim() || "jwt";
  if (strategy !== "jwt" && strategy !== "database") {
    throw new EnvError(`AUTH_SESSION_STRATEGY must be "jwt" or "database", got "${strategy}".`);
  }
  const databaseUrl = raw.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new EnvError(`DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database), got "${databaseUrl.split(":")[0]}:…".`);
  }
  return { on: strategy === "database", databaseUrl };
}

/** Spelled out: edge bundles inline `process.env.X` and cannot enumerate `process.env`. */
export function readDatabaseSessionsEnv(): DatabaseSessionsEnv {
  return parseDatabaseSessionsEnv({ AUTH_SESSION_STRATEGY: process.env.AUTH_SESSION_STRATEGY, DATABASE_URL: process.env.DATABASE_URL });
}
