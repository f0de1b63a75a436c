import { describe, expect, it } from "vitest";

import { withNodeRuntime } from "../../test/support/node-middleware";
import { middlewareRuntimeTable } from "../lib/middleware-runtime-report";
import type { BenchResults, LoadResult } from "../lib/results";

const run = (server: string, path: string, runtime: "edge" | "nodejs", requestsPerSecond: number): LoadResult => ({
  server,
  strategy: "jwt",
  path,
  connections: 10,
  durationSeconds: 10,
  requests: requestsPerSecond * 10,
  requestsPerSecond,
  latency: { p50: 10, p97_5: 20, p99: 30 },
  errors: 0,
  non2xx: 0,
  statusCounts: { 200: requestsPerSecond * 10 },
  middlewareRuntime: runtime,
  firstSignedInSeconds: runtime === "edge" ? 2.5 : 2.25,
  serialMs: 12.5,
  middlewareBytes: 700 * 1024,
});

const results = (load: LoadResult[]) => ({ load }) as unknown as BenchResults;

describe("the bench's Node.js middleware build and its table", () => {
  it("adds the one runtime line to middleware.ts's config, and refuses a file without one", () => {
    const source = 'export default handler;\n\nexport const config = {\n  matcher: ["/"],\n};\n';
    expect(withNodeRuntime(source)).toBe('export default handler;\n\nexport const config = {\n  runtime: "nodejs",\n  matcher: ["/"],\n};\n');
    expect(() => withNodeRuntime("export default handler;\n")).toThrow(/export const config/);
  });

  it("puts edge and Node.js middleware side by side per server, and nothing when no Node.js build ran", () => {
    const edge = [run("next start", "/dashboard", "edge", 50), run("next start", "/api/me", "edge", 150)];
    expect(middlewareRuntimeTable(results(edge))).toBeUndefined();
    const table = middlewareRuntimeTable(results([...edge, run("next start (Node.js middleware)", "/dashboard", "nodejs", 60), run("next start (Node.js middleware)", "/api/me", "nodejs", 170)]));
    expect(table).toContain("| next start | edge | 2.5 | 12.5 | 50 | 150 | 700 KiB |");
    expect(table).toContain("| next start (Node.js middleware) | nodejs | 2.3 | 12.5 | 60 | 170 | 700 KiB |");
  });
});
