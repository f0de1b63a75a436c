import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import buildIfStale from "../../test/support/build";
import { HttpClient } from "../../test/support/http-client";
import { startServer, type Target } from "../../test/support/servers";
import { median } from "../lib/stats";

/**
 * Subject `--cold-starts N`: for each adapter, N times, from spawning the server process to its
 * first signed-in answer (`GET /dashboard` with a session cookie, 200). The servers are the
 * test suites' (test/support/servers.ts): readiness is polled every 200 ms, so a start is
 * rounded up to that. One cookie serves every start: all share one AUTH_SECRET. The bundle is
 * what the adapter loads to answer, in bytes before compression.
 */
export interface ColdStart {
  server: string;
  seconds: number[];
  median: number;
  bundle: string;
  bundleBytes: number;
}

const ADAPTERS: { target: Target; server: string; bundle: string }[] = [
  { target: "next", server: "next start", bundle: ".next/server" },
  { target: "workerd", server: "Pages (next-on-pages)", bundle: ".vercel/output/static/_worker.js" },
  { target: "worker", server: "Worker (next-on-pages)", bundle: ".vercel/output/static/_worker.js" },
  { target: "opennext", server: "Worker (OpenNext)", bundle: ".open-next/worker.js, .open-next/server-functions, .open-next/middleware" },
];

function bytes(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  return stat.isDirectory() ? readdirSync(path).reduce((sum, entry) => sum + bytes(join(path, entry)), 0) : stat.size;
}

export async function measureColdStarts(count: number, progress: (message: string) => void): Promise<ColdStart[]> {
  progress("cold starts · building the app if the build is stale (OpenNext and next-on-pages, a few minutes)");
  buildIfStale();
  const env = { AUTH_SECRET: randomBytes(32).toString("base64") };
  const first = await startServer("next", { env });
  let cookie: string | undefined;
  try {
    const client = new HttpClient(first.origin);
    await client.signIn("demo@example.com", "demo-password");
    cookie = client.sessionCookie();
  } finally {
    await first.stop();
  }
  if (!cookie) throw new Error("cold starts: sign-in set no session cookie");
  const results: ColdStart[] = [];
  for (const { target, server, bundle } of ADAPTERS) {
    const seconds: number[] = [];
    for (let i = 0; i < count; i++) {
      progress(`cold starts · ${server} · start ${i + 1}/${count}`);
      const spawned = performance.now();
      const app = await startServer(target, { env });
      try {
        const answer = await fetch(`${app.origin}/dashboard`, { headers: { cookie }, redirect: "manual" });
        if (answer.status !== 200) throw new Error(`cold starts: ${server} answered ${answer.status} to a signed-in /dashboard`);
        seconds.push((performance.now() - spawned) / 1000);
      } finally {
        await app.stop();
      }
    }
    results.push({ server, seconds, median: median(seconds), bundle, bundleBytes: bundle.split(", ").reduce((sum, path) => sum + bytes(path), 0) });
  }
  return results;
}

export function renderColdStarts(starts: readonly ColdStart[]): string {
  const rows = starts.map((s) => `| ${s.server} | ${s.median.toFixed(2)} | ${s.seconds.map((v) => v.toFixed(2)).join(", ")} | ${(s.bundleBytes / 2 ** 20).toFixed(2)} | ${s.bundle} |`);
  return ["| adapter | median s to first signed-in answer | each start, s | bundle MiB (uncompressed) | bundle |", "|---|---|---|---|---|", ...rows].join("\n");
}
