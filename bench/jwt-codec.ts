/**
 * Codec bench: the template's JWT `decode`/`encode` against stock Auth.js's and the `jose`
 * floor, on Node, edge-runtime and workerd. `npm run bench:codec` (add `--quick` for a smoke run).
 * Prints a markdown report; a full run also writes bench/results/jwt-codec.{json,md}.
 */
import { build } from "esbuild";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem, type } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { Miniflare } from "miniflare";

import { CASES } from "./codec/cases";
import { edgeBuildOptions } from "./lib/bundle";
import type { MeasureOptions, MeasureResult } from "./codec/measure";
import { renderCodecReport, summarizeCodecRun, type CodecRun, type RuntimeName } from "./codec/report";

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const quick = process.argv.includes("--quick");

const OPTIONS: Record<RuntimeName, MeasureOptions> = quick
  ? { node: { warmup: 3, iterations: 3, minSampleMs: 0 }, "edge-runtime": { warmup: 3, iterations: 3, minSampleMs: 0 }, workerd: { warmup: 3, iterations: 3, minSampleMs: 2 } }
  : {
      node: { warmup: 300, iterations: 400, minSampleMs: 0 },
      "edge-runtime": { warmup: 300, iterations: 400, minSampleMs: 0 },
      workerd: { warmup: 300, iterations: 150, minSampleMs: 10 },
    };

async function main(): Promise<void> {
  const progress = (message: string) => process.stderr.write(`[bench:codec] ${message}\n`);
  const started = new Date();

  progress("bundling for edge-runtime and workerd");
  const bundles = await bundle();

  const results: Partial<Record<RuntimeName, MeasureResult>> = {};
  progress(`node: ${describe(OPTIONS.node)}`);
  results.node = await runChild(here("./codec/node.ts"), [JSON.stringify(OPTIONS.node)]);
  progress(`edge-runtime: ${describe(OPTIONS["edge-runtime"])}`);
  results["edge-runtime"] = await runChild(here("./codec/edge-runtime.ts"), [bundles.script, JSON.stringify(OPTIONS["edge-runtime"])]);
  progress(`workerd (miniflare): ${describe(OPTIONS.workerd)}`);
  results.workerd = await runWorkerd(bundles.worker, OPTIONS.workerd);

  const codecRun: CodecRun = {
    meta: {
      date: started.toISOString(),
      command: `npm run bench:codec${quick ? " -- --quick" : ""}`,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), os: type(), loadAverage: loadavg() },
      versions: versions(),
      options: OPTIONS,
      cases: [...CASES],
    },
    runtimes: Object.fromEntries(
      Object.entries(results).map(([runtime, result]) => [runtime, summarizeCodecRun(result.samples)]),
    ),
  };

  const markdown = renderCodecReport(codecRun);
  process.stdout.write(markdown);
  // A smoke run checks that every case works; its numbers mean nothing and are not kept.
  if (quick) return;
  const outDir = here("./results/");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "jwt-codec.json"), `${JSON.stringify(codecRun, null, 2)}\n`);
  writeFileSync(join(outDir, "jwt-codec.md"), markdown);
  progress("wrote bench/results/jwt-codec.json and .md");
}

function describe({ warmup, iterations, minSampleMs }: MeasureOptions): string {
  return `${warmup} warm-up and ${iterations} interleaved iterations per case${minSampleMs ? `, samples of ≥${minSampleMs} ms` : ""}`;
}

async function runChild(script: string, args: string[]): Promise<MeasureResult> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", script, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as MeasureResult;
}

async function runWorkerd(worker: string, options: MeasureOptions): Promise<MeasureResult> {
  const mf = new Miniflare({ modules: true, script: readFileSync(worker, "utf8"), compatibilityDate: "2025-06-01" });
  try {
    const response = await mf.dispatchFetch("http://bench.local/", { method: "POST", body: JSON.stringify(options) });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`workerd run failed: ${JSON.stringify(body)}`);
    return body as MeasureResult;
  } finally {
    await mf.dispose();
  }
}

/** Web-API-only bundles, minified like a production edge build. */
async function bundle(): Promise<{ script: string; worker: string }> {
  const outdir = mkdtempSync(join(tmpdir(), "edge-auth-codec-bench-"));
  const common = { ...edgeBuildOptions, entryPoints: [here("./codec/entry.ts")] };
  const script = join(outdir, "codec-bench.js");
  const worker = join(outdir, "codec-bench.mjs");
  await build({ ...common, format: "iife", globalName: "__codecBench", outfile: script });
  await build({ ...common, format: "esm", outfile: worker });
  return { script, worker };
}

function versions(): Record<string, string> {
  const version = (pkg: string) => (JSON.parse(readFileSync(here(`../node_modules/${pkg}/package.json`), "utf8")) as { version: string }).version;
  return {
    node: process.version,
    ...Object.fromEntries(["@auth/core", "jose", "miniflare", "workerd", "edge-runtime"].map((pkg) => [pkg, version(pkg)])),
  };
}

await main();
