import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { Miniflare } from "miniflare";

import { parseJobResult, type Job, type JobResult } from "./job";

const run = promisify(execFile);
const RUNTIMES_DIR = new URL("../runtimes/", import.meta.url);
const MIGRATIONS_DIR = new URL("../../lib/db/migrations/", import.meta.url);

/** Runs one job in a fresh process of its runtime and returns the raw samples. */
export type Runner = (job: Job) => Promise<JobResult>;

async function runNodeScript(script: string, args: string[]): Promise<JobResult> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", fileURLToPath(new URL(script, RUNTIMES_DIR)), ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseJobResult(stdout);
}

export const nodeRunner: Runner = (job) => runNodeScript("node.ts", [JSON.stringify(job)]);

export function edgeRuntimeRunner(bundle: string): Runner {
  return (job) => runNodeScript("edge-runtime.ts", [bundle, JSON.stringify(job)]);
}

/**
 * A fresh workerd (through miniflare) per job, with a local D1 database migrated from the
 * checked-in migrations: the same SQL `wrangler d1 migrations apply` runs.
 */
export function workerdRunner(worker: string): Runner {
  const script = readFileSync(worker, "utf8");
  return async (job) => {
    const mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: "2025-06-01",
      d1Databases: ["DB"],
    });
    try {
      const db = await mf.getD1Database("DB");
      for (const file of ["0001_authjs_tables.sql", "0002_demo_users.sql"]) {
        await db.batch(splitStatements(readFileSync(new URL(file, MIGRATIONS_DIR), "utf8")).map((sql) => db.prepare(sql)));
      }
      const response = await mf.dispatchFetch("http://bench.local/", { method: "POST", body: JSON.stringify(job) });
      const body = await response.text();
      if (!response.ok) throw new Error(`workerd job failed: ${body}`);
      return parseJobResult(body);
    } finally {
      await mf.dispose();
    }
  };
}

/** Splits a migration into statements (ours have no semicolons inside literals). */
export function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, "")
    .split(";")
    .map((statement) => statement.trim())
    .filter(Boolean);
}
