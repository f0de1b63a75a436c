import { Miniflare } from "miniflare";
import { EdgeRuntime } from "edge-runtime";
import { describe, expect, it } from "vitest";

import { detectRuntime } from "@/platform/runtime";

/**
 * Runs the trace's runtime detection inside the real runtimes, rather than trusting what
 * their docs say they expose: workerd (through Miniflare, as `wrangler pages dev` runs it)
 * and Vercel's edge-runtime sandbox (the one Next uses for edge code under `next start`).
 */
const source = `(${detectRuntime.toString()})()`;

describe("trace runtime detection in the real runtimes", () => {
  // Booting workerd takes seconds on a loaded 2-core machine: the default 5 s is not a bound to test.
  it("says workerd inside workerd, which has navigator.userAgent but no EdgeRuntime global", { timeout: 30_000 }, async () => {
    const mf = new Miniflare({
      modules: true,
      compatibilityDate: "2024-09-23",
      compatibilityFlags: ["nodejs_compat"],
      script: `export default { fetch() { return Response.json({ detected: ${source}, edgeRuntime: typeof EdgeRuntime }); } }`,
    });
    const body: unknown = await mf.dispatchFetch("http://localhost/").then((response) => response.json());
    await mf.dispose();
    expect(body).toEqual({ detected: "workerd", edgeRuntime: "undefined" });
  });

  it("says edge inside the edge-runtime sandbox", async () => {
    const runtime = new EdgeRuntime();
    expect(await runtime.evaluate(source)).toBe("edge");
  });
});
