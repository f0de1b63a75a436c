import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { features } from "../../auth.config";
import { CASES } from "../codec/cases";
import { hasFeature } from "../lib/app";
import type { BenchResults } from "../lib/results";

const run = promisify(execFile);
const RUN = fileURLToPath(new URL("../run.ts", import.meta.url));

/**
 * `npm run bench -- --quick --subjects codec`: the codec ladder is a subject of the one bench
 * program; every case runs on Node, edge-runtime and workerd (a case that errors fails the run)
 * and lands in the program's results and report. Timings are not checked. The template's codec
 * is fast-read's: without its line in auth.config.ts the subject is skipped, the report saying so.
 */
describe("codec bench smoke", () => {
  it("runs every case on every runtime into the bench's results and report", async () => {
    const out = mkdtempSync(join(tmpdir(), "codec-smoke-"));
    await run(process.execPath, ["--import", "tsx", RUN, "--quick", "--subjects", "codec", "--out", out, "--label", "codec"], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(join(out, "codec.json"), "utf8")) as BenchResults;
    expect(results.meta.command).toBe("npm run bench -- --quick --subjects codec --out " + out + " --label codec");
    if (!hasFeature(features, "fast-read")) {
      expect(results.codec).toBeUndefined();
      expect(readFileSync(join(out, "codec.md"), "utf8")).toContain("fast-read is off in auth.config.ts");
      return;
    }
    expect(Object.keys(results.codec?.runtimes ?? {})).toEqual(["node", "edge-runtime", "workerd"]);
    for (const summary of Object.values(results.codec?.runtimes ?? {})) {
      expect(Object.keys(summary?.cases ?? {}).sort()).toEqual([...CASES].sort());
      expect(Object.values(summary?.cases ?? {}).every((c) => c.n === 3)).toBe(true);
    }
    // A smoke run's numbers are noise (3 samples; workerd's clock may read 0): only the shape counts.
    const report = readFileSync(join(out, "codec.md"), "utf8");
    const cell = String.raw`(?:[\d.]+|–)`;
    expect(report).toMatch(new RegExp(String.raw`\| decode, template / floor \(target ≤ 2\) \| ${cell} \| ${cell} \| ${cell} \|`));
    expect(report).toContain("| case (median, p95) | node | edge-runtime | workerd |");
  }, 120_000);
});
