/**
 * One job in a fresh Node process: `node --import tsx bench/runtimes/node.ts '<job json>'`.
 * Prints the job's result as JSON on stdout. The SQLite variant uses @auth/d1-adapter over
 * better-sqlite3; a postgres:// database uses @auth/pg-adapter over one pg connection.
 */
import { D1Adapter, type D1Database } from "@auth/d1-adapter";
import PostgresAdapter from "@auth/pg-adapter";
import pg from "pg";

import { benchEnvOf } from "../lib/bench-env";
import { parseJob } from "../lib/job";
import { openSqliteD1 } from "../lib/sqlite-d1";

const jobText = process.argv[2] ?? "";
const job = parseJob(jobText);
// Before the template's modules load: they read their environment when imported.
Object.assign(process.env, benchEnvOf(job));
const { authConfig, features } = await import("../../auth.config");
const { default: middleware } = await import("../../middleware");
const { runJob } = await import("../lib/run-job");

const database = job.subject === "session-read" ? job.database : "sqlite";
// One connection: reads are sequential, and a pool would hide connection set-up in warm-up anyway.
const pool = database.startsWith("postgres") ? new pg.Pool({ connectionString: database, max: 1 }) : undefined;
// The SQLite shim has the D1 methods the adapter calls, not the whole D1Database type.
const adapter = () => (pool ? PostgresAdapter(pool) : D1Adapter(openSqliteD1() as unknown as D1Database));

const result = await runJob(jobText, { app: { authConfig, features }, middleware, adapter });
await pool?.end();
process.stdout.write(JSON.stringify(result));
