import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";

import { freePort } from "../../bench/lib/free-port";

export { freePort };

/**
 * Starts the built app on a free loopback port, on either deploy target, and stops it again:
 * `next start` (the Node server Vercel's build also produces) and `wrangler pages dev` (the
 * next-on-pages output on workerd, as Cloudflare runs it). Build first: `test/support/build.ts`.
 * Each server runs in its own process group so stopping it also ends wrangler's workerd.
 */
export type Target = "next" | "workerd";

export const targets: readonly Target[] = ["next", "workerd"];

export interface AppServer {
  target: Target;
  origin: string;
  /** The process group leader; its group holds the server (and wrangler's workerd). */
  pid: number | undefined;
  /** Everything the server printed so far (stdout and stderr), e.g. trace lines. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra variables for the app; AUTH_SECRET, AUTH_URL, AUTH_TRUST_HOST and AUTH_DEMO_USERS have defaults. */
  env?: Record<string, string>;
  /** A port chosen in advance, when something must know the origin first (an IdP's redirect URIs). */
  port?: number;
  /** More `wrangler pages dev` flags (workerd only), e.g. `--kv NAME` or `--d1 DB=<id>` bindings. */
  wranglerArgs?: readonly string[];
  timeoutMs?: number;
}

export async function startServer(
  target: Target,
  { env = {}, port: chosenPort, wranglerArgs = [], timeoutMs = 120_000 }: StartOptions = {},
): Promise<AppServer> {
  const port = chosenPort ?? (await freePort());
  // `localhost`, not 127.0.0.1: wrangler rewrites the Host header to localhost, and Auth.js
  // builds redirect URLs from AUTH_URL, so both targets agree on one origin.
  const origin = `http://localhost:${port}`;
  const appEnv: Record<string, string> = {
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_URL: origin,
    AUTH_TRUST_HOST: "true",
    AUTH_DEMO_USERS: "true",
    ...env,
  };
  const child =
    target === "next"
      ? spawn("npx", ["next", "start", "--hostname", "127.0.0.1", "--port", String(port)], {
          env: { ...process.env, ...appEnv, NODE_ENV: "production" },
          detached: true,
        })
      : spawn(
          "npx",
          [
            "wrangler",
            "pages",
            "dev",
            ".vercel/output/static",
            "--ip",
            "127.0.0.1",
            "--port",
            String(port),
            "--inspector-port",
            String(await freePort()),
            "--show-interactive-dev-session=false",
            ...Object.entries(appEnv).flatMap(([name, value]) => ["--binding", `${name}=${value}`]),
            ...wranglerArgs,
          ],
          { env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, detached: true },
        );

  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const server: AppServer = { target, origin, pid: child.pid, output: () => output, stop: () => stop(child) };
  try {
    await waitUntilReady(`${origin}/api/auth/csrf`, child, timeoutMs);
  } catch (error) {
    await server.stop();
    throw new Error(`${target} did not start: ${(error as Error).message}\n--- output ---\n${output}`);
  }
  return server;
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
