/**
 * One job in a fresh Node process: `node --import tsx bench/runtimes/node.ts '<job json>'`.
 * Prints the JobResult as JSON on stdout. The SQLite variant uses @auth/d1-adapter over
 * better-sqlite3; a postgres:// database uses @auth/pg-adapter over one pg connection.
 */
import { D1Adapter, type D1Database } from "@auth/d1-adapter";
import PostgresAdapter from "@auth/pg-adapter";
import pg from "pg";

import { parseJob } from "../lib/job";
import { BENCH_ENV } from "../lib/bench-env";
import { openSqliteD1 } from "../lib/sqlite-d1";

Object.assign(process.env, BENCH_ENV);
const job = parseJob(process.argv[2] ?? "");
const { authConfig } = await import("../../auth.config");
const { runJob } = await import("../lib/run-job");

// One connection: reads are sequential, and a pool would hide connection set-up in warm-up anyway.
const pool = job.database.startsWith("postgres") ? new pg.Pool({ connectionString: job.database, max: 1 }) : undefined;
// The SQLite shim has the D1 methods the adapter calls, not the whole D1Database type.
const adapter = () => (pool ? PostgresAdapter(pool) : D1Adapter(openSqliteD1() as unknown as D1Database));

const result = await runJob(job, authConfig, adapter);
await pool?.end();
process.stdout.write(JSON.stringify(result));
