import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

const run = promisify(execFile);

/**
 * `npm run bench:codec -- --quick`: every case of the codec bench runs on Node, edge-runtime
 * and workerd (a case that errors fails the run).
 * Timings are not checked here; they belong to the bench report.
 */
describe("codec bench smoke", () => {
  it("runs every case on every runtime and reports the decode target", async () => {
    const script = fileURLToPath(new URL("../../bench/jwt-codec.ts", import.meta.url));
    const { stdout } = await run(process.execPath, ["--import", "tsx", script, "--quick"], { maxBuffer: 16 * 1024 * 1024 });

    // A smoke run's numbers are noise (3 samples; workerd's clock may read 0): only the shape counts.
    const cell = String.raw`(?:[\d.]+|–)`;
    expect(stdout).toMatch(new RegExp(String.raw`\| decode, template / floor \(target ≤ 2\) \| ${cell} \| ${cell} \| ${cell} \|`));
    expect(stdout).toContain("| case (median, p95) | node | edge-runtime | workerd |");
  }, 120_000);
});
