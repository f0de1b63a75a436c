import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * A minimal `next start` for the HTTP suites: builds when the build is missing or older than
 * the sources, starts on a free loopback port, keeps the server's output for the trace
 * collector, and stops the process it started (by its pid, nothing else).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const nextBin = `${root}node_modules/next/dist/bin/next`;
const SOURCES = ["app", "lib", "auth.ts", "auth.config.ts", "middleware.ts", "next.config.ts", "package-lock.json"];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(`${path}/${entry}`)));
}

function buildIsCurrent(): boolean {
  let built: number;
  try {
    built = statSync(`${root}.next/BUILD_ID`).mtimeMs;
  } catch {
    return false;
  }
  return SOURCES.every((source) => newestMtime(`${root}${source}`) <= built);
}

const LOCK = `${root}.next-build.lock`;
const STALE_LOCK_MS = 10 * 60_000;

function lockIsStale(): boolean {
  try {
    return Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS;
  } catch {
    return true;
  }
}

/**
 * Builds once even when several suites ask at the same time (vitest runs files in parallel
 * and two `next build`s into one .next corrupt it): a lock directory, and the others wait
 * until the build it guards is current.
 */
export async function ensureBuilds(): Promise<void> {
  while (!buildIsCurrent()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (lockIsStale()) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    try {
      if (buildIsCurrent()) return;
      const result = spawnSync(process.execPath, [nextBin, "build"], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, NODE_ENV: "production" },
      });
      if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  origin: string;
  output(): string;
  waitForOutput(predicate: (text: string) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Collects a child's output and lets callers wait for a condition on it, without sleeping. */
export function watchOutput(child: ChildProcess): Pick<RunningServer, "output" | "waitForOutput"> {
  let text = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const wake of waiters) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return {
    output: () => text,
    waitForOutput(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(text)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`server output did not show the expected line within ${timeoutMs} ms:\n${text.slice(-2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

export async function startNext(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", AUTH_URL: origin, AUTH_TRUST_HOST: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const watched = watchOutput(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await watched.waitForOutput((text) => /Ready in/.test(text), 60_000);
  return {
    origin,
    ...watched,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
