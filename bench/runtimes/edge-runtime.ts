/**
 * One job in a fresh Node process inside edge-runtime, the sandbox `next dev`/`next start` use
 * for edge routes: `node --import tsx bench/runtimes/edge-runtime.ts <bundle.js> '<job json>'`.
 * The database variants get the embedded SQLite as a `DB` binding from the host, the way
 * workerd hands D1 to a Worker: the sandbox itself can load neither native modules nor sockets.
 */
import { EdgeRuntime } from "edge-runtime";
import { readFileSync } from "node:fs";

import { benchEnvOf } from "../lib/bench-env";
import { parseJob } from "../lib/job";
import { openSqliteD1 } from "../lib/sqlite-d1";

const [bundlePath, jobText] = process.argv.slice(2);
if (!bundlePath || !jobText) throw new Error("usage: edge-runtime.ts <bundle.js> '<job json>'");

const db = openSqliteD1();
const runtime = new EdgeRuntime({
  extend: (context) => Object.assign(context, { __DB: db, __JOB: jobText, __BENCH_ENV: benchEnvOf(parseJob(jobText)) }),
});
runtime.evaluate(readFileSync(bundlePath, "utf8"));
const result: unknown = await runtime.evaluate("__bench.runBenchJob(__JOB, __DB)");
process.stdout.write(JSON.stringify(result));
