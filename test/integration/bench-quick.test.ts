import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import type { BenchResults } from "@/bench/lib/results";

const run = promisify(execFile);

/**
 * `npm run bench -- --quick`: every default scenario (Node, edge-runtime, workerd; JWT, stock
 * and database) runs a few reads and must finish without an error. Timings are not checked.
 */
describe("bench --quick smoke", () => {
  it("runs every runtime and variant and writes results", { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "bench-smoke-"));
    await run(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--out", out, "--label", "smoke"], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(join(out, "smoke.json"), "utf8")) as BenchResults;
    const scenarios = results.sessionReads.map((r) => `${r.runtime}/${r.variant}`);
    expect(scenarios.sort()).toEqual(
      ["node", "edge-runtime", "workerd"]
        .flatMap((runtime) => ["stock-jwt", "template-jwt-stock-codec", "template-jwt-remint", "template-jwt", "template-db", "template-db-write"].map((v) => `${runtime}/${v}`))
        .sort(),
    );
    // Five samples each; their values are timings, so only their presence is checked (workerd's
    // clock ticks in whole milliseconds: a quick sample there can be 0).
    expect(results.sessionReads.every((r) => r.whole.n === 5 && Number.isFinite(r.whole.median))).toBe(true);
    expect(results.ratios.map((r) => r.runtime)).toEqual(["node", "edge-runtime", "workerd"]);
    expect(readFileSync(join(out, "smoke.md"), "utf8")).toContain("# Session read benchmark");
  });
});
