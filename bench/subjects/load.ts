import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { LoadResult } from "../lib/results";
import { freePort } from "../lib/free-port";

/**
 * Subject: the app under load. `--load` starts `next start` (JWT sessions; the database
 * variant needs D1, which only workerd provides) on a free loopback port, signs the demo user
 * in over HTTP, and runs autocannon on a protected page and /api/me with that cookie.
 * `--target URL --cookie …` runs the same against a deployment.
 */
const PATHS = ["/dashboard", "/api/me"] as const;
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface LoadOptions {
  quick: boolean;
  progress: (message: string) => void;
  local: boolean;
  target?: string;
  cookie?: string;
}

export async function measureLoad(options: LoadOptions): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const settings = { connections: options.quick ? 2 : 10, duration: options.quick ? 1 : 10, warmup: options.quick ? 0 : 2 };
  if (options.local) {
    const server = await startNextServer(options.progress);
    try {
      const cookie = await signInOverHttp(server.origin);
      for (const path of PATHS) {
        options.progress(`load · next start · ${path} · ${settings.connections} connections for ${settings.duration}s`);
        results.push(await runLoad(`${server.origin}${path}`, cookie, settings, { server: "next start", strategy: "jwt" }));
      }
    } finally {
      server.stop();
    }
  }
  if (options.target && options.cookie) {
    for (const path of PATHS) {
      const url = new URL(path, options.target).toString();
      options.progress(`load · ${url} · ${settings.connections} connections for ${settings.duration}s`);
      results.push(await runLoad(url, options.cookie, settings, { server: new URL(options.target).host, strategy: "as deployed" }));
    }
  }
  return results;
}

async function runLoad(
  url: string,
  cookie: string,
  { connections, duration, warmup }: { connections: number; duration: number; warmup: number },
  label: { server: string; strategy: string },
): Promise<LoadResult> {
  // A discarded warm-up run first: the first requests compile routes and fill caches.
  if (warmup > 0) await autocannon({ url, connections, duration: warmup, headers: { cookie } });
  const result = await autocannon({ url, connections, duration, headers: { cookie } });
  return {
    ...label,
    path: new URL(url).pathname,
    connections,
    durationSeconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latency: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])),
  };
}

async function startNextServer(progress: (message: string) => void): Promise<{ origin: string; stop(): void }> {
  const next = fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url));
  if (!existsSync(`${ROOT}/.next/BUILD_ID`)) {
    progress("load · no .next build yet: running next build (about a minute)");
    await exitOf(spawn(process.execPath, [next, "build"], { cwd: ROOT, stdio: "ignore", env: { ...process.env, AUTH_DEMO_USERS: "true" } }));
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      AUTH_SECRET: crypto.randomUUID() + crypto.randomUUID(),
      AUTH_URL: origin,
      AUTH_TRUST_HOST: "true",
      AUTH_DEMO_USERS: "true",
      AUTH_SESSION_STRATEGY: "jwt",
    },
  });
  progress(`load · next start on ${origin}`);
  await waitUntilServing(origin, child);
  return { origin, stop: () => child.kill("SIGTERM") };
}

/** Polls until the server answers (or has exited), at most a minute. */
async function waitUntilServing(origin: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/api/auth/csrf`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`next start did not answer on ${origin} within 60 s`);
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) =>
    child.on("error", reject).on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exited with ${code}`)))),
  );
}

/** The demo user's session cookie from a real sign-in over HTTP. */
async function signInOverHttp(origin: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "demo@example.com", password: "demo-password", callbackUrl: origin }),
  });
  const session = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in over HTTP set no session cookie (status ${response.status})`);
  return session;
}
