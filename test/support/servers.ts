import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { freePort } from "./free-port";

export { freePort };

/**
 * Starts the built app on a free loopback port, on a deploy target, and stops it again:
 * `next start` (the Node server Vercel's build also produces), `wrangler pages dev` (the
 * next-on-pages output on workerd, as Cloudflare Pages runs it) and `wrangler dev` over the same
 * output as a Worker with static assets (wrangler.worker.toml), and `wrangler dev` over OpenNext's
 * worker (wrangler.opennext.jsonc). Build first: `test/support/build.ts`.
 * Each server runs in its own process group so stopping it also ends wrangler's workerd.
 */
export type Target = "next" | "workerd" | "worker" | "opennext";

/**
 * The targets every suite runs against: one per build (next build, next-on-pages, OpenNext).
 * "worker" serves the very same build on the same workerd as "workerd" and differs only in
 * routing and upload, so the suites that exercise routing and the whole app from outside (the
 * hostile table, the browser suite, the soak) run on `servers`, which adds it; the callback
 * matrix and the KV-bound suites stay on one server per build: CI time matters.
 */
export const targets: readonly Target[] = ["next", "workerd", "opennext"];
export const servers: readonly Target[] = ["next", "workerd", "worker", "opennext"];

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
  /**
   * A port chosen in advance, kept even if another process takes it first. Without one, a start
   * that finds its port taken ("Address already in use": another run on this machine got the same
   * free port between our check and the server's bind) tries again on a new port.
   */
  port?: number;
  /**
   * More wrangler flags, as `wrangler pages dev` takes them: `--kv NAME`, `--d1 DB=<id>`,
   * `--persist-to DIR`. `wrangler dev` has no binding flags, so for "opennext" `--kv` and `--d1`
   * become bindings in a copy of its config (`opennextConfig`).
   */
  wranglerArgs?: readonly string[];
  timeoutMs?: number;
  /** The project folder the server runs in; by default this checkout. */
  cwd?: string;
  /**
   * next start's `--hostname`. Under 127.0.0.1 (the default) Next, which spells 127.0.0.1 as
   * localhost inside middleware, proxies every middleware rewrite (the 403 page) back over HTTP;
   * under `localhost` it serves them in place, but Chromium's prefetch of such a 403 never
   * finishes, so the browser suites could not wait for a quiet page. The soak asks for localhost.
   */
  hostname?: "127.0.0.1" | "localhost";
}

export async function startServer(target: Target, options: StartOptions = {}): Promise<AppServer> {
  const { port } = options;
  return port === undefined ? retryOnPortTaken((free) => startOnPort(target, free, options)) : startOnPort(target, port, options);
}

/** A start that failed because its port was taken: worth another try on another port. */
export class PortTaken extends Error {
  name = "PortTaken";
}

/** How next start ("EADDRINUSE: address already in use") and wrangler ("Address already in use (127.0.0.1:…)") say a port is taken. */
export function saysPortTaken(output: string): boolean {
  return /EADDRINUSE|address already in use/i.test(output);
}

/** `start` on a free port, again on a new one (at most `attempts` in all) while the port turns out taken. */
export async function retryOnPortTaken<T>(start: (port: number) => Promise<T>, { attempts = 3, pickPort = freePort } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await pickPort());
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt >= attempts) throw error;
    }
  }
}

async function startOnPort(target: Target, port: number, { env = {}, wranglerArgs = [], timeoutMs = 120_000, cwd, hostname = "127.0.0.1" }: StartOptions): Promise<AppServer> {
  // `localhost`, not 127.0.0.1: wrangler rewrites the Host header to localhost, and Auth.js
  // builds redirect URLs from AUTH_URL, so every target agrees on one origin.
  const origin = `http://localhost:${port}`;
  const appEnv: Record<string, string> = {
    AUTH_SECRET: randomBytes(32).toString("base64"),
    AUTH_URL: origin,
    AUTH_TRUST_HOST: "true",
    AUTH_DEMO_USERS: "true",
    ...env,
  };
  const { args, cleanup } = await command(target, port, appEnv, wranglerArgs, hostname);
  const child = spawn("npx", args, {
    // next start reads the app's variables from its environment; wrangler passes them as bindings.
    env: target === "next" ? { ...process.env, ...appEnv, NODE_ENV: "production" } : { ...process.env, WRANGLER_SEND_METRICS: "false" },
    detached: true,
    cwd,
  });

  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const server: AppServer = {
    target,
    origin,
    pid: child.pid,
    output: () => output,
    stop: () => stop(child).finally(cleanup),
  };
  try {
    await waitUntilReady(`${origin}/api/auth/csrf`, child, () => output, timeoutMs);
  } catch (error) {
    await server.stop();
    const message = `${target} did not start on port ${port}: ${(error as Error).message}\n--- output ---\n${output}`;
    throw saysPortTaken(output) ? new PortTaken(message) : new Error(message);
  }
  return server;
}

async function command(
  target: Target,
  port: number,
  appEnv: Record<string, string>,
  wranglerArgs: readonly string[],
  hostname: string,
): Promise<{ args: string[]; cleanup: () => void }> {
  const nothing = () => undefined;
  if (target === "next") return { args: ["next", "start", "--hostname", hostname, "--port", String(port)], cleanup: nothing };
  const listen = [
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--show-interactive-dev-session=false",
  ];
  if (target === "workerd") {
    const bindings = Object.entries(appEnv).flatMap(([name, value]) => ["--binding", `${name}=${value}`]);
    return { args: ["wrangler", "pages", "dev", ".vercel/output/static", ...listen, ...bindings, ...wranglerArgs], cleanup: nothing };
  }
  // `--var` splits at the first colon only, so origins (http://…) pass through whole.
  const vars = Object.entries(appEnv).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  if (target === "worker") {
    return { args: ["wrangler", "dev", "--config", "wrangler.worker.toml", ...listen, ...vars, ...wranglerArgs], cleanup: nothing };
  }
  const { config, rest, cleanup } = opennextConfig(wranglerArgs);
  return { args: ["wrangler", "dev", "--config", config, ...listen, ...vars, ...rest], cleanup };
}

/**
 * wrangler.opennext.jsonc itself when no binding is asked for; else a copy in a temporary folder
 * (paths made absolute) that declares the `--d1 DB=<id>` and `--kv NAME` bindings, as a user
 * uncomments them. The other flags pass through.
 */
function opennextConfig(wranglerArgs: readonly string[]): { config: string; rest: string[]; cleanup: () => void } {
  const d1: { binding: string; database_name: string; database_id: string }[] = [];
  const kv: { binding: string; id: string }[] = [];
  const rest: string[] = [];
  for (let i = 0; i < wranglerArgs.length; i++) {
    const flag = wranglerArgs[i];
    const value = wranglerArgs[i + 1] ?? "";
    if (flag === "--d1") {
      const [binding = "", id = ""] = value.split("=");
      d1.push({ binding, database_name: "edge-auth", database_id: id });
      i++;
    } else if (flag === "--kv") {
      kv.push({ binding: value, id: value });
      i++;
    } else if (flag !== undefined) {
      rest.push(flag);
    }
  }
  if (d1.length === 0 && kv.length === 0) return { config: "wrangler.opennext.jsonc", rest, cleanup: () => undefined };

  // JSON with comments: drop whole-line comments, then parse.
  const source = readFileSync("wrangler.opennext.jsonc", "utf8").replace(/^\s*\/\/.*$/gm, "");
  const base = JSON.parse(source) as { main: string; assets: { directory: string } };
  const dir = mkdtempSync(join(tmpdir(), "edge-auth-opennext-"));
  const config = join(dir, "wrangler.jsonc");
  writeFileSync(
    config,
    JSON.stringify({
      ...base,
      main: resolve(base.main),
      assets: { ...base.assets, directory: resolve(base.assets.directory) },
      d1_databases: d1,
      kv_namespaces: kv,
    }),
  );
  return { config, rest, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    // wrangler may stay up after workerd failed to bind: no answer would ever come.
    if (saysPortTaken(output())) throw new Error("its port is taken");
    // Whoever holds a taken port may answer too (another run's app), or never: only our
    // server's own "Ready" line makes an answer ours, and no probe waits long.
    const ok =
      /\bready\b/i.test(output()) &&
      (await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.ok,
        () => false,
      ));
    if (ok && !saysPortTaken(output())) return;
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
