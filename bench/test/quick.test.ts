import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { features } from "../../auth.config";
import { hasFeature } from "../lib/app";
import type { BenchResults } from "../lib/results";

const run = promisify(execFile);
const RUN = fileURLToPath(new URL("../run.ts", import.meta.url));
/** What auth.config.ts switches on: a variant of a feature it lacks is skipped, the report saying so. */
const on = (name: string) => hasFeature(features, name);

/**
 * `npm run bench -- --quick --revocation --page-load`: every default scenario (Node, edge-runtime,
 * workerd; session reads JWT, stock and database) plus revocation's variants (Redis: a real
 * redis-server behind the Upstash fixture) and the page load runs a few samples and
 * must finish without an error. Timings are not checked. Without a feature's line in
 * auth.config.ts its variants are missing and the report says why.
 */
describe("bench --quick smoke", () => {
  it("runs every runtime, variant and page-load scenario and writes results", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "bench-smoke-"));
    await run(process.execPath, ["--import", "tsx", RUN, "--quick", "--revocation", "--page-load", "--out", out, "--label", "smoke"], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(join(out, "smoke.json"), "utf8")) as BenchResults;
    const scenarios = results.sessionReads.map((r) => `${r.runtime}/${r.variant}`);
    expect(scenarios.sort()).toEqual(
      ["node", "edge-runtime", "workerd"]
        .flatMap((runtime) =>
          ["stock-jwt", "template-jwt", "template-db", "template-db-write", ...(on("revocation") ? ["template-jwt-revocation-memory", "template-jwt-revocation-redis"] : [])].map((v) => `${runtime}/${v}`),
        )
        .concat(on("revocation") ? ["workerd/template-jwt-revocation-kv"] : [])
        .sort(),
    );
    // Five samples each; their values are timings, so only their presence is checked (workerd's
    // clock ticks in whole milliseconds: a quick sample there can be 0).
    expect(results.sessionReads.every((r) => r.whole.n === 5 && Number.isFinite(r.whole.median))).toBe(true);
    expect(results.ratios.map((r) => r.runtime)).toEqual(["node", "edge-runtime", "workerd"]);
    expect(results.ratios.map((r) => r.revocation?.map((c) => c.store))).toEqual(on("revocation") ? [["memory", "redis"], ["memory", "redis"], ["memory", "kv", "redis"]] : [undefined, undefined, undefined]);
    // Page load: stock, the template through Auth() (2 reads, 1 read) and now on each runtime, from five samples of each part.
    expect(results.pageLoads?.map((p) => `${p.runtime}/${p.variant}/${p.reads}`)).toEqual(
      ["node", "edge-runtime", "workerd"].flatMap((runtime) => [`${runtime}/stock/2`, `${runtime}/template-authjs/2`, `${runtime}/template-authjs/1`, ...(on("fast-read") ? [`${runtime}/template/1`] : [])]),
    );
    expect(results.pageLoads?.every((p) => p.middleware.n === 5 && p.read.n === 5 && p.whole.n === 5)).toBe(true);
    // Middleware split into its parts, and each part against stock's.
    // (callbacks and encode are timed per call, so not on workerd's 1 ms clock)
    expect(results.pageLoads?.map((p) => `${p.runtime}:${Object.keys(p.middlewarePhases ?? {}).sort().join()}`)).toEqual(
      results.pageLoads?.map((p) => `${p.runtime}:${p.runtime === "workerd" ? "authjs,decode,wrappers" : "authjs,callbacks,decode,encode,wrappers"}`),
    );
    expect(results.pageLoads?.every((p) => Number.isFinite(p.readOverStock) || p.runtime === "workerd")).toBe(true);
    const report = readFileSync(join(out, "smoke.md"), "utf8");
    expect(report).toContain("# Session read benchmark");
    expect(report).toContain(on("revocation") ? "## Revocation (`--revocation`)" : "revocation is off in auth.config.ts");
    if (!on("fast-read")) expect(report).toContain("fast-read is off in auth.config.ts");
    expect(report).toContain("## Page load (auth cost of one signed-in page load)");
    expect(report).toContain("| runtime | middleware | whole ms | decode | callbacks | encode | rest of the Auth.js part | wrappers |");
  });
});
