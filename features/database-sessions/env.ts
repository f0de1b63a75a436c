import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { EnvError } from "../../lib/env";

import { readDatabaseSessionsEnv } from "./variables";

// Node.js only (it reads middleware.ts): next.config.ts loads this file, nothing the app bundles does.

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
