import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

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

/** The line that moves middleware to Node.js (docs/deploy.md#middleware-edge-or-nodejs). */
export const NODE_MIDDLEWARE_LINE = 'runtime: "nodejs",';

/**
 * Whether middleware.ts has the Node.js switch in its config. PostgreSQL needs it: middleware reads
 * the session row, and edge middleware cannot open a TCP connection.
 */
export function hasNodeMiddleware(middlewareSource: string): boolean {
  return /^\s*runtime:\s*["']nodejs["'],?\s*$/m.test(middlewareSource);
}

/**
 * next.config.ts runs this when `next build` or `next start` begins. `next start` has no D1, so
 * it needs DATABASE_URL; PostgreSQL needs the Node.js middleware, at build too (Vercel's check).
 */
export function checkEnv({ serving }: { serving: boolean }): void {
  const env = readDatabaseSessionsEnv();
  if (!env.on) return;
  if (serving && !env.databaseUrl) {
    throw new EnvError(
      'AUTH_SESSION_STRATEGY=database needs DATABASE_URL (PostgreSQL) under `next start` and on Vercel; on Cloudflare it uses the D1 binding "DB" instead. Or unset AUTH_SESSION_STRATEGY.',
    );
  }
  const middleware = join(process.cwd(), "middleware.ts");
  if (env.databaseUrl && existsSync(middleware) && !hasNodeMiddleware(readFileSync(middleware, "utf8"))) {
    throw new EnvError(
      `AUTH_SESSION_STRATEGY=database with DATABASE_URL reads PostgreSQL in middleware, which the edge runtime cannot reach (no TCP): add \`${NODE_MIDDLEWARE_LINE}\` to the config in middleware.ts and build again (features/database-sessions/README.md).`,
    );
  }
}
