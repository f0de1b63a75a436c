import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { Miniflare } from "miniflare";

import { benchEnvOf } from "./bench-env";
import { bundleForEdge } from "./bundle";
import type { Job } from "./job";

const run = promisify(execFile);
const RUNTIMES_DIR = new URL("../runtimes/", import.meta.url);
const MIGRATIONS_DIR = new URL("../../features/database-sessions/migrations/", import.meta.url);

/**
 * Runs one job in a fresh process of its runtime and returns what it printed, parsed as JSON;
 * the subject checks its shape (parseJobResult, parseCodecResult) before trusting a number.
 */
export type Runner = (job: Job) => Promise<unknown>;

async function runNodeScript(script: string, args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", fileURLToPath(new URL(script, RUNTIMES_DIR)), ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as unknown;
}

export const nodeRunner: Runner = (job) => runNodeScript("node.ts", [JSON.stringify(job)]);

export function edgeRuntimeRunner(bundle: string): Runner {
  return (job) => runNodeScript("edge-runtime.ts", [bundle, JSON.stringify(job)]);
}

/**
 * A fresh workerd (through miniflare) per job, with a local D1 database migrated from the
 * checked-in migrations (the same SQL `wrangler d1 migrations apply` runs) and a local KV
 * namespace bound as the template binds its session-version store.
 */
export function workerdRunner(worker: string): Runner {
  const script = readFileSync(worker, "utf8");
  return async (job) => {
    const mf = new Miniflare({
      modules: true,
      // The job's environment, defined before the bundle's first line runs (bench/lib/bundle.ts).
      script: `globalThis.__BENCH_ENV = ${JSON.stringify(benchEnvOf(job))};\n${script}`,
      compatibilityDate: "2025-06-01",
      d1Databases: ["DB"],
      kvNamespaces: ["SESSION_VERSION_KV"],
    });
    try {
      const db = await mf.getD1Database("DB");
      for (const file of ["0001_authjs_tables.sql", "0002_demo_users.sql"]) {
        await db.batch(splitStatements(readFileSync(new URL(file, MIGRATIONS_DIR), "utf8")).map((sql) => db.prepare(sql)));
      }
      const response = await mf.dispatchFetch("http://bench.local/", { method: "POST", body: JSON.stringify(job) });
      const body = await response.text();
      if (!response.ok) throw new Error(`workerd job failed: ${body}`);
      return JSON.parse(body) as unknown;
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

/** The runtimes every in-process subject measures on. */
export const RUNTIMES = ["node", "edge-runtime", "workerd"] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

/** A runner per runtime; the edge bundle (shared by every subject) is built once, if needed. */
export async function runnersFor(runtimes: readonly RuntimeName[]): Promise<Partial<Record<RuntimeName, Runner>>> {
  const bundles = runtimes.some((runtime) => runtime !== "node") ? await bundleForEdge() : undefined;
  const runners: Partial<Record<RuntimeName, Runner>> = {};
  for (const runtime of runtimes) {
    if (runtime === "node") runners.node = nodeRunner;
    else if (!bundles) throw new Error("edge bundle missing");
    else runners[runtime] = runtime === "workerd" ? workerdRunner(bundles.worker) : edgeRuntimeRunner(bundles.script);
  }
  return runners;
}

export function runnerOf(runners: Partial<Record<RuntimeName, Runner>>, runtime: RuntimeName): Runner {
  const runner = runners[runtime];
  if (!runner) throw new Error(`no runner for ${runtime}`);
  return runner;
}
