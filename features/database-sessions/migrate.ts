import { readFileSync } from "node:fs";

import pg from "pg";

import { EnvError } from "../../lib/env";
import { POSTGRES_TIMEOUT_MS } from "./postgres";

/**
 * `npm run db:migrate`: applies postgres.sql (Auth.js's tables as @auth/pg-adapter queries them,
 * plus `role` and the demo accounts' rows) to DATABASE_URL. Idempotent: run it on every deploy.
 * D1 has its own: `npx wrangler d1 migrations apply edge-auth` (migrations/).
 */
async function migrate(): Promise<void> {
  const connectionString = process.env.DATABASE_URL?.trim();
  if (!connectionString) throw new EnvError("DATABASE_URL is not set: it names the PostgreSQL database to create the session tables in.");
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: POSTGRES_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(readFileSync(new URL("./postgres.sql", import.meta.url), "utf8"));
  } finally {
    await client.end();
  }
  console.log(`db:migrate: the session tables are in place (${client.host}:${client.port}/${client.database}).`);
}

migrate().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
