import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { BENCH_ENV } from "./bench-env";

/**
 * Bundles bench/runtimes/*-entry.ts with Web APIs only, the way an edge build would: the
 * template's env is fixed at build time (edge bundles inline `process.env.X`), minified like a
 * production build; variables a variant adds (AUTH_SESSION_CHECK_SECONDS) come from the job. esbuild is the bundler tsx and wrangler already ship.
 */
export interface EdgeBundles {
  /** A classic script that defines `globalThis.__bench.runBenchJob` (edge-runtime evaluates scripts). */
  script: string;
  /** An ES module Worker (workerd). */
  worker: string;
}

const ENTRY = (name: string) => fileURLToPath(new URL(`../runtimes/${name}`, import.meta.url));

/** esbuild options for a Web-API-only bundle, minified like a production edge build. */
export const edgeBuildOptions = {
  bundle: true,
  minify: true,
  platform: "browser" as const,
  conditions: ["edge-light", "worker", "browser"],
  target: "es2022",
  logLevel: "error" as const,
};

export async function bundleForEdge(): Promise<EdgeBundles> {
  const outdir = mkdtempSync(join(tmpdir(), "edge-auth-bench-"));
  const common = {
    ...edgeBuildOptions,
    define: {
      // next/server's compiled ua-parser reads __dirname, which Web runtimes do not define.
      __dirname: JSON.stringify("/"),
      // As Next's edge build: code behind `NEXT_RUNTIME !== "edge"` (PostgreSQL sessions) is dropped.
      "process.env.NEXT_RUNTIME": JSON.stringify("edge"),
      // The rest of `process.env` is the job's (benchEnvOf), read at run time: a variant may switch a feature on.
      "process.env": "__BENCH_ENV",
      ...Object.fromEntries(Object.entries(BENCH_ENV).map(([key, value]) => [`process.env.${key}`, JSON.stringify(value)])),
    },
    alias: { "@": fileURLToPath(new URL("../..", import.meta.url)) },
  };
  const script = join(outdir, "edge-runtime.js");
  const worker = join(outdir, "worker.mjs");
  await build({ ...common, entryPoints: [ENTRY("edge-entry.ts")], format: "iife", globalName: "__bench", outfile: script });
  await build({ ...common, entryPoints: [ENTRY("workerd-entry.ts")], format: "esm", outfile: worker });
  return { script, worker };
}
