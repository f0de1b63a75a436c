import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Redis } from "@upstash/redis";
import { Redis as RedisClient } from "ioredis";

import { startRedis, type RedisServer } from "./redis-server";

/**
 * TEST INFRASTRUCTURE, never shipped: Upstash's REST protocol served in front of a real
 * `redis-server`, so the app's real `@upstash/redis` and `@upstash/ratelimit` clients talk to
 * real Redis here. Upstash's own answer for local development is such a proxy (SRH, a container
 * image that cannot run on this machine). What it speaks, as the clients use it:
 * - `POST /` with `["CMD", ...args]` → `{ result }` or `{ error }` (400);
 *   `POST /pipeline` and `POST /multi-exec` with a list of those → a list of `{ result }`/`{ error }`;
 * - `Authorization: Bearer <token>`, else 401;
 * - `Upstash-Encoding: base64`: every string in a result base64-encoded, except a top-level "OK";
 * - scripts: @upstash/ratelimit ≥ 2.1 starts its Lua with `#!lua flags=allow-key-locking`, a
 *   flag Upstash accepts and redis 7.0 refuses; the flag is dropped while `EVALSHA` keeps working
 *   under the original script's SHA1, as the client computes it.
 */
export interface UpstashFixture {
  url: string;
  token: string;
  /** Requests answered, for tests that count round trips. */
  requests(): number;
  /** A fault until cleared: every reply held `delayMs` first, and/or answered with Redis error `error`. */
  fault(fault: Fault | undefined): void;
  stop(): Promise<void>;
}

export interface Fault {
  delayMs?: number;
  error?: string;
}

type Reply = { result: unknown } | { error: string };

export async function startUpstashFixture(redisUrl: string, token = "test-upstash-token"): Promise<UpstashFixture> {
  // Fails fast while Redis is down (the fault tests want an error, not a queue).
  const redis = new RedisClient(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 200 });
  redis.on("error", () => {});
  await redis.connect().catch(() => {});
  // Original script SHA1 → the script as redis runs it (known flags only).
  const scripts = new Map<string, string>();
  let requests = 0;
  let fault: Fault | undefined;

  async function run(command: unknown[]): Promise<unknown> {
    const [name, ...args] = command.map(String);
    const upper = (name ?? "").toUpperCase();
    if (upper === "EVAL" || upper === "SCRIPT" && args[0]?.toUpperCase() === "LOAD") {
      const original = upper === "EVAL" ? args[0] ?? "" : args[1] ?? "";
      const runnable = original.replace(/^#!lua flags=[^\n]*/, (line) => shebangWithKnownFlags(line));
      scripts.set(sha1(original), runnable);
      if (upper === "SCRIPT") {
        await redis.call("SCRIPT", "LOAD", runnable);
        return sha1(original);
      }
      return redis.call("EVAL", runnable, ...args.slice(1));
    }
    if (upper === "EVALSHA") {
      const runnable = scripts.get(args[0] ?? "");
      if (runnable === undefined) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
      return redis.call("EVALSHA", sha1(runnable), ...args.slice(1)).catch((error: Error) =>
        /NOSCRIPT/.test(error.message) ? redis.call("EVAL", runnable, ...args.slice(1)) : Promise.reject(error),
      );
    }
    return redis.call(upper, ...args);
  }

  async function answer(path: string, body: unknown): Promise<[number, unknown]> {
    if (path === "/" || path === "") {
      if (!Array.isArray(body)) return [400, { error: "ERR body must be a command array" }];
      const reply = await settle(run(body));
      return ["error" in reply ? 400 : 200, reply];
    }
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body) || !body.every(Array.isArray)) return [400, { error: "ERR body must be a list of commands" }];
      if (path === "/pipeline") {
        // In order, as Redis would run a pipeline.
        const replies: Reply[] = [];
        for (const command of body as unknown[][]) replies.push(await settle(run(command)));
        return [200, replies];
      }
      const results = (await redis.multi(body.map((command: unknown[]) => command.map(String))).exec()) ?? [];
      return [200, results.map(([error, result]) => (error ? { error: error.message } : { result }))];
    }
    return [404, { error: `ERR unknown path ${path}` }];
  }

  const server: Server = createServer(async (req, res) => {
    requests += 1;
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: "Unauthorized" });
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault?.delayMs));
    if (fault?.error) return reply(400, { error: fault.error });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return reply(400, { error: "ERR body is not JSON" });
    }
    try {
      const [status, payload] = await answer(new URL(req.url ?? "/", "http://fixture").pathname, body);
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      reply(status, base64 ? encodeReplies(payload) : payload);
    } catch (error) {
      // Redis itself is unreachable: Upstash answers such a failure with a 5xx.
      reply(503, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests: () => requests,
    fault: (next) => {
      fault = next;
    },
    async stop() {
      fault = undefined;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
}

/** Redis 7.0 knows these script flags; others (Upstash's `allow-key-locking`) are dropped. */
const KNOWN_FLAGS = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);
function shebangWithKnownFlags(line: string): string {
  const flags = line.slice("#!lua flags=".length).split(",").map((flag) => flag.trim()).filter((flag) => KNOWN_FLAGS.has(flag));
  return flags.length ? `#!lua flags=${flags.join(",")}` : "#!lua";
}

async function settle(result: Promise<unknown>): Promise<Reply> {
  try {
    return { result: await result };
  } catch (error) {
    if (/Connection is closed|ECONNREFUSED|Stream isn't writeable/.test((error as Error).message)) throw error;
    return { error: (error as Error).message };
  }
}

function encodeReplies(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(encodeReplies);
  if (payload && typeof payload === "object" && "result" in payload) {
    const { result } = payload as { result: unknown };
    return { result: result === "OK" ? result : encodeValue(result) };
  }
  return payload;
}

function encodeValue(value: unknown): unknown {
  if (typeof value === "string") return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(encodeValue);
  return value;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** A real redis-server, the fixture in front of it, and two clients standing for two instances of the app. */
export interface SharedRedis {
  redis: RedisServer;
  fixture: UpstashFixture;
  instances: [Redis, Redis];
  stop(): Promise<void>;
}

export async function startSharedRedis(): Promise<SharedRedis> {
  const redis = await startRedis();
  const fixture = await startUpstashFixture(redis.url);
  const client = () => new Redis({ url: fixture.url, token: fixture.token, retry: false, automaticDeserialization: false });
  return {
    redis,
    fixture,
    instances: [client(), client()],
    async stop() {
      await fixture.stop();
      await redis.stop();
    },
  };
}
